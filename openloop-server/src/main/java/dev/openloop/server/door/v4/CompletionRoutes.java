package dev.openloop.server.door.v4;

import dev.openloop.server.apikey.Caller;
import dev.openloop.api.completion.CompletionRequest;
import dev.openloop.server.chat.ChatCall;
import dev.openloop.server.chat.ChatCore;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.web.InputLimits;
import dev.openloop.server.web.JsonAnswers;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.web.SseWriter;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The completion endpoints under {@code /v4}: binding and validation of v4's completion request,
 * the same chat flow as chat ({@link ChatCore}) asked for a completion of the config's prompt
 * template, and its result worded as v4 completion answers ({@link CompletionResponses}) and stream
 * events, in the envelope the v4 SDKs read for chat streams too.
 */
public final class CompletionRoutes implements HttpService {
    private final ChatCore core;

    public CompletionRoutes(ChatCore core) {
        this.core = core;
    }

    @Override
    public void routing(HttpRules rules) {
        for (CompletionEndpoint endpoint : CompletionEndpoint.values()) {
            rules.post(endpoint.path(), (req, res) -> handle(endpoint, req, res));
        }
    }

    private void handle(CompletionEndpoint endpoint, ServerRequest req, ServerResponse res) {
        byte[] body = RequestBodies.bytesOf(req);
        CompletionRequest request = RequestBodies.read(body, CompletionRequest.class, RequestBodies.Extras.REFUSE,
                CompletionRequestValidator.forEndpoint(endpoint, body.length), InputLimits.of(req));
        ChatCall call = CompletionCalls.of(endpoint, request).within(Caller.of(req).scope()).byKey(Caller.of(req).keyId());
        UnaryOperator<List<Object>> wording = CompletionCalls.wording(endpoint);
        try {
            if (Boolean.TRUE.equals(request.stream())) {
                core.stream(call, plan -> new SseChatEvents(
                        (sample, usage) -> CompletionResponses.event(request, plan, sample, usage), wording, SseWriter.start(res)));
            } else {
                JsonAnswers.stream(res, 200, CompletionResponses.of(request, core.chat(call)));
            }
        } catch (Refusal refusal) {
            throw V4Failures.answer(refusal, wording);
        }
    }
}
