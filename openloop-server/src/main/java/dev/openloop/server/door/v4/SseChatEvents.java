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

/** A streamed chat as v4's server-sent events (spec §6.4): one envelope per event. */
final class SseChatEvents extends SseEvents {
    private final ChatRequest request;
    private final ChatPlan plan;
    private final UnaryOperator<List<Object>> wording;

    /** @param wording the request's names of the core's paths, for a failure's {@code loc}s */
    SseChatEvents(ChatRequest request, ChatPlan plan, UnaryOperator<List<Object>> wording, SseWriter sse) {
        super(sse);
        this.request = request;
        this.plan = plan;
        this.wording = wording;
    }

    @Override
    public void text(SampleAnswer delta) {
        send(ChatResponses.event(request, plan, delta, null));
    }

    @Override
    public void end(SampleAnswer end, Usage usage) {
        send(ChatResponses.event(request, plan, end, usage));
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
