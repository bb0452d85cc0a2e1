package dev.openloop.server.door.v4;

import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.Usage;
import dev.openloop.server.chat.ChatPlan;
import dev.openloop.server.chat.SampleAnswer;
import dev.openloop.server.door.sse.SseEvents;
import dev.openloop.server.web.SseWriter;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A streamed chat or completion as v4's server-sent events (spec §6.4): one envelope per event,
 * the chat answer's or the completion answer's, which the v4 SDKs read alike.
 */
final class SseChatEvents extends SseEvents {
    /** The envelope of one event: a sample's delta, or with {@code usage} its end. */
    interface Envelope {
        Object of(SampleAnswer sample, Usage usage);
    }

    private final Envelope envelope;
    private final UnaryOperator<List<Object>> wording;

    /** @param wording the request's names of the core's paths, for a failure's {@code loc}s */
    SseChatEvents(Envelope envelope, UnaryOperator<List<Object>> wording, SseWriter sse) {
        super(sse);
        this.envelope = envelope;
        this.wording = wording;
    }

    /** A chat's events. */
    SseChatEvents(ChatRequest request, ChatPlan plan, UnaryOperator<List<Object>> wording, SseWriter sse) {
        this((sample, usage) -> ChatResponses.event(request, plan, sample, usage), wording, sse);
    }

    @Override
    public void text(SampleAnswer delta) {
        send(envelope.of(delta, null));
    }

    @Override
    public void end(SampleAnswer end, Usage usage) {
        send(envelope.of(end, usage));
    }

    /**
     * {@code event: error} with the answer a failure before the stream would have had as its
     * data, {@code {"detail": {type, message, code, origin}}}. The SDKs that read {@code data[0]}
     * of every event drop it without a word rather than fail.
     */
    @Override
    public void failed(RuntimeException failure) {
        send("error", Map.of("detail", V4Failures.answer(failure, wording).detail()));
    }
}
