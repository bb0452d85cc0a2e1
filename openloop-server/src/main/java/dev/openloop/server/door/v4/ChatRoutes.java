package dev.openloop.server.door.v4;

import dev.openloop.server.apikey.Caller;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.server.chat.ChatCall;
import dev.openloop.server.chat.ChatCore;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.web.InputLimits;
import dev.openloop.server.web.JsonAnswers;
import dev.openloop.server.web.SseWriter;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The chat endpoints under {@code /v4}: binding and validation of v4's chat request, the chat flow
 * ({@link ChatCore}), and its result worded as v4 answers ({@link ChatResponses}) and stream events
 * ({@link SseChatEvents}).
 */
public final class ChatRoutes implements HttpService {
    private final ChatCore core;

    public ChatRoutes(ChatCore core) {
        this.core = core;
    }

    @Override
    public void routing(HttpRules rules) {
        for (ChatEndpoint endpoint : ChatEndpoint.values()) {
            rules.post(endpoint.path(), (req, res) -> handle(endpoint, req, res));
        }
    }

    private void handle(ChatEndpoint endpoint, ServerRequest req, ServerResponse res) {
        byte[] body = RequestBodies.bytesOf(req);
        ChatRequest request = RequestBodies.read(body, ChatRequest.class, RequestBodies.Extras.REFUSE,
                ChatRequestValidator.forEndpoint(endpoint, body.length), InputLimits.of(req));
        ChatCall call = ChatCalls.of(endpoint, request).within(Caller.of(req).scope()).byKey(Caller.of(req).keyId());
        UnaryOperator<List<Object>> wording = ChatCalls.wording(endpoint, request);
        try {
            if (Boolean.TRUE.equals(request.stream())) {
                core.stream(call, plan -> new SseChatEvents(request, plan, wording, SseWriter.start(res)));
            } else {
                JsonAnswers.stream(res, 200, ChatResponses.of(request, core.chat(call)));
            }
        } catch (Refusal refusal) {
            throw V4Failures.answer(refusal, wording);
        }
    }
}
