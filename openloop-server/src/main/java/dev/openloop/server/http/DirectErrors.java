package dev.openloop.server.http;

import dev.openloop.server.web.JsonAnswers;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

/**
 * The answers to requests Helidon refuses before any route sees them: a body over
 * {@code OPENLOOP_MAX_BODY_BYTES} (413), a {@code Content-Encoding} it cannot decode, a malformed
 * request line or header (400). Helidon answers them with an empty body; here they get the body
 * of every other error of the door the path belongs to ({@link ErrorShapes}), with Helidon's status.
 */
public final class DirectErrors {
    private DirectErrors() {
    }

    /**
     * The handlers, one for every kind of event, answering each request in the shape of the door
     * its path belongs to; {@code maxBodyBytes} is the largest body taken.
     */
    public static DirectHandlers handlers(long maxBodyBytes, ErrorShapes shapes) {
        DirectHandlers.Builder builder = DirectHandlers.builder();
        DirectHandler handler = (request, type, status, headers, message) ->
                answer(type, status, headers, shapes.body(request.path(), status.code(),
                        detail(request, status, message, maxBodyBytes)));
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    /**
     * What went wrong, for the caller. Helidon passes a message only when it deems it safe to
     * show, and rarely does, so the common cases are told here.
     */
    private static String detail(DirectHandler.TransportRequest request, Status status, String message, long maxBodyBytes) {
        if (status.code() == Status.REQUEST_ENTITY_TOO_LARGE_413.code()) {
            return "Request body too large: at most " + maxBodyBytes + " bytes are accepted";
        }
        var encoding = request.headers().first(HeaderNames.CONTENT_ENCODING);
        if (status.code() == Status.BAD_REQUEST_400.code() && encoding.isPresent()) {
            return "Content-Encoding " + encoding.get() + " is not supported: send the body unencoded";
        }
        return message == null || message.isBlank() ? status.reasonPhrase() : message;
    }

    private static DirectHandler.TransportResponse answer(DirectHandler.EventType type, Status status,
            ServerResponseHeaders headers, Object body) {
        headers.set(HeaderNames.CONTENT_TYPE, "application/json");
        return DirectHandler.TransportResponse.builder()
                .status(status)
                .headers(headers)
                .keepAlive(type.keepAlive())
                .entity(JsonAnswers.answerBytes(body))
                .build();
    }
}
