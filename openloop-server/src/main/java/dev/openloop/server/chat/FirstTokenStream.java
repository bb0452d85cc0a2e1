package dev.openloop.server.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.provider.ProviderStream;
import dev.openloop.server.provider.StreamEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A provider stream read up to its first token (generated text or a tool call) before anything of
 * it is sent on, so that a stream that fails before then may still fall back: nothing of it has
 * reached the client. The events read are given again, in order, before the rest.
 */
final class FirstTokenStream implements ProviderStream {
    private final ProviderStream stream;
    private final Deque<StreamEvent> read = new ArrayDeque<>();
    private boolean ended;

    private FirstTokenStream(ProviderStream stream) {
        this.stream = stream;
    }

    /**
     * {@code stream}, read up to its first token or its end.
     *
     * @throws dev.openloop.server.provider.ProviderFailure when it fails before then; it is closed
     */
    static ProviderStream of(ProviderStream stream) {
        FirstTokenStream peeked = new FirstTokenStream(stream);
        try {
            while (true) {
                StreamEvent event = stream.next();
                if (event == null) {
                    peeked.ended = true;
                    return peeked;
                }
                peeked.read.add(event);
                if (event instanceof StreamEvent.TextDelta delta && !delta.text().isEmpty()
                        || event instanceof StreamEvent.ToolCallDelta) {
                    return peeked;
                }
            }
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
    }

    @Override
    public JsonNode providerRequest() {
        return stream.providerRequest();
    }

    @Override
    public StreamEvent next() {
        if (!read.isEmpty()) {
            return read.poll();
        }
        return ended ? null : stream.next();
    }

    @Override
    public List<JsonNode> rawChunks() {
        return stream.rawChunks();
    }

    @Override
    public void close() {
        stream.close();
    }
}
