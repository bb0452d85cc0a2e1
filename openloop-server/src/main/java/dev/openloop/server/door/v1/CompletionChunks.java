package dev.openloop.server.door.v1;

import dev.openloop.api.chat.Usage;
import dev.openloop.server.chat.SampleAnswer;
import dev.openloop.server.door.sse.SseEvents;
import dev.openloop.server.web.SseWriter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A streamed chat as OpenAI's {@code chat.completion.chunk} events: each choice's first chunk says
 * its role, then its text as it comes, its tool calls and finish reason at its end; with
 * {@code stream_options.include_usage} a last chunk with no choices holds the usage of them all;
 * {@code data: [DONE]} ends the stream. A failure ends it with {@code data: {"error": {...}}}, which
 * OpenAI's clients raise as an error.
 */
final class CompletionChunks extends SseEvents {
    private final String id;
    private final String model;
    private final long created;
    private final boolean includeUsage;
    private final Set<Integer> started = new HashSet<>();
    private Usage usage;
    private boolean failed;

    CompletionChunks(SseWriter sse, String id, String model, long created, boolean includeUsage) {
        super(sse);
        this.id = id;
        this.model = model;
        this.created = created;
        this.includeUsage = includeUsage;
    }

    @Override
    public void text(SampleAnswer delta) {
        if (delta.text().isEmpty()) {
            return;
        }
        Map<String, Object> content = delta(delta.index());
        content.put("content", delta.text());
        send(chunk(delta.index(), content, null));
    }

    @Override
    public void end(SampleAnswer end, Usage share) {
        synchronized (this) {
            usage = share == null ? usage : share.plus(usage);
        }
        if (!end.text().isEmpty() || !end.toolCalls().isEmpty()) {
            Map<String, Object> last = delta(end.index());
            if (!end.text().isEmpty()) {
                last.put("content", end.text());
            }
            if (!end.toolCalls().isEmpty()) {
                last.put("tool_calls", Completions.toolCalls(end.toolCalls(), true));
            }
            send(chunk(end.index(), last, null));
        }
        Map<String, Object> finish = delta(end.index());
        send(chunk(end.index(), finish, Completions.finishReason(end.finishReason() == null ? "stop" : end.finishReason())));
    }

    @Override
    public void failed(RuntimeException failure) {
        synchronized (this) {
            failed = true;
        }
        send(V1Errors.body(V1Errors.of(failure, false)));
    }

    /** The usage when asked for, then {@code [DONE]}, unless the stream failed. */
    @Override
    protected void ending() {
        Usage total;
        synchronized (this) {
            if (failed) {
                return;
            }
            total = usage;
        }
        if (includeUsage) {
            Map<String, Object> last = Completions.envelope(id, "chat.completion.chunk", created, model);
            last.put("choices", List.of());
            last.put("usage", Completions.usage(total));
            send(last);
        }
        sendText("[DONE]");
    }

    /** A delta; the first of a choice says its role. */
    private synchronized Map<String, Object> delta(int index) {
        Map<String, Object> delta = new LinkedHashMap<>();
        if (started.add(index)) {
            delta.put("role", "assistant");
        }
        return delta;
    }

    private Map<String, Object> chunk(int index, Map<String, Object> delta, String finishReason) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", index);
        choice.put("delta", delta);
        choice.put("logprobs", null);
        choice.put("finish_reason", finishReason);
        Map<String, Object> chunk = Completions.envelope(id, "chat.completion.chunk", created, model);
        chunk.put("choices", List.of(choice));
        if (includeUsage) {
            chunk.put("usage", null);
        }
        return chunk;
    }
}
