package dev.openloop.server.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.sse.SseEvent;
import dev.openloop.api.sse.SseReader;
import dev.openloop.server.json.Json;
import dev.openloop.server.json.RawJson;
import dev.openloop.server.provider.ProviderFailure;
import dev.openloop.server.provider.ProviderErrors;
import dev.openloop.server.provider.ProviderStream;
import dev.openloop.server.provider.StreamEvent;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * A provider stream carried as server-sent events: reads the events, lets the adapter's
 * {@link ChunkReader} turn each into v4 stream events, and insists on the provider's own end
 * marker, so that a stream cut short is reported as broken rather than taken as complete.
 */
public final class SseProviderStream implements ProviderStream {

    /** Turns one SSE event of a provider into v4 events. */
    @FunctionalInterface
    public interface ChunkReader {
        /**
         * Reads one event.
         *
         * @throws ProviderFailure when the event reports a provider error
         */
        Chunk read(SseEvent event);

        /**
         * What the end of the body means, for a provider whose streams have no end marker but end
         * with their connection: the stream's last chunk when what came before makes a whole
         * stream, or {@code null} when the body ended too soon. The default, for providers with
         * an end marker, is {@code null}: the marker alone completes a stream.
         *
         * @throws ProviderFailure when what came before reports a provider error
         */
        default Chunk atEnd() {
            return null;
        }
    }

    /**
     * What one SSE event meant.
     *
     * @param events the v4 events it carries
     * @param raw the event's JSON, kept for the log; {@code null} for none
     * @param last whether it is the provider's end-of-stream marker
     */
    public record Chunk(List<StreamEvent> events, JsonNode raw, boolean last) {
        /** An event that carries nothing (a ping, a type the adapter does not need). */
        public static final Chunk NOTHING = new Chunk(List.of(), null, false);
        /** The end-of-stream marker. */
        public static final Chunk END = new Chunk(List.of(), null, true);
    }

    private final ProviderHttp.OpenStream open;
    private final SseReader reader;
    private final JsonNode providerRequest;
    private final ChunkReader chunkReader;
    private final String origin;
    private final Queue<StreamEvent> pending = new ArrayDeque<>();
    private final List<JsonNode> raw = new ArrayList<>();
    private boolean finished;

    public SseProviderStream(ProviderHttp.OpenStream open, JsonNode providerRequest, ChunkReader chunkReader, String origin) {
        this.open = open;
        this.reader = new SseReader(open.body());
        this.providerRequest = providerRequest;
        this.chunkReader = chunkReader;
        this.origin = origin;
    }

    @Override
    public JsonNode providerRequest() {
        return providerRequest;
    }

    @Override
    public StreamEvent next() {
        while (pending.isEmpty()) {
            if (finished) {
                return null;
            }
            SseEvent event;
            try {
                event = reader.next();
            } catch (IOException | RuntimeException e) {
                close();
                throw open.failure(e);
            }
            Chunk chunk;
            try {
                chunk = event == null ? chunkReader.atEnd() : chunkReader.read(event);
            } catch (ProviderFailure e) {
                // An error event: the provider's words, which may quote the key.
                close();
                throw ProviderErrors.scrubbed(e, open::scrub);
            } catch (RuntimeException e) {
                close();
                throw ProviderErrors.malformed(origin, open.scrub(e.getMessage()));
            }
            if (event == null && chunk == null) {
                close();
                throw ProviderErrors.unreachable(origin, "ended the stream before its end marker");
            }
            if (event == null && !chunk.last()) {
                chunk = new Chunk(chunk.events(), chunk.raw(), true);
            }
            if (chunk.raw() != null) {
                // Kept as its compact text until the log writes it: a chunk's tree is several times its text, and
                // a stream of thousands of deltas would hold every tree until its log is committed.
                raw.add(RawJson.of(Json.text(chunk.raw())));
            }
            pending.addAll(chunk.events());
            if (chunk.last()) {
                finished = true;
                close();
            }
        }
        return pending.poll();
    }

    @Override
    public List<JsonNode> rawChunks() {
        return List.copyOf(raw);
    }

    @Override
    public void close() {
        open.close();
    }
}
