package dev.openloop.server.door.v4;

import dev.openloop.api.chat.ChatRequest;
import dev.openloop.server.apikey.KeyScope;
import dev.openloop.server.chat.ChatCall;
import dev.openloop.server.chat.ChatResult;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.web.InputLimits;
import dev.openloop.server.web.JsonAnswers;

/**
 * The v4 door's steps of {@code POST /v4/chat} that the benchmarks time, each as the route runs it
 * ({@code ChatRoutes.handle}); here because {@code ChatCalls} and {@code ChatResponses} are
 * package-private. One line each, so a changed signature is changed here once.
 */
public final class V4Steps {
    private V4Steps() {
    }

    /** The body bound and validated into v4's request, as the route does. */
    public static ChatRequest parse(byte[] body) {
        return RequestBodies.read(body, ChatRequest.class, RequestBodies.Extras.REFUSE,
                ChatRequestValidator.forEndpoint(ChatEndpoint.CHAT, body.length), InputLimits.DEFAULTS);
    }

    /** The request as the core's call, by an admin key. */
    public static ChatCall call(ChatRequest request) {
        return ChatCalls.of(ChatEndpoint.CHAT, request).within(KeyScope.ADMIN);
    }

    /** The answer's JSON, as the route sends it. */
    public static byte[] answer(ChatRequest request, ChatResult result) {
        return JsonAnswers.answerBytes(ChatResponses.of(request, result));
    }
}
