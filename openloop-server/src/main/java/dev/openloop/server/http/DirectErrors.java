package dev.openloop.server.http;

import dev.openloop.server.web.JsonAnswers;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import java.util.Map;

/**
 * The answers to requests Helidon refuses before any route sees them: a body over
 * {@code OPENLOOP_MAX_BODY_BYTES} (413), a {@code Content-Encoding} it cannot decode, a malformed
 * request line or header (400). Helidon answers them with an empty body; here they get the
 * {@code {"detail": "..."}} of every other error, with Helidon's status.
 */
public final class DirectErrors {
    private DirectErrors() {
    }

    /** How a door words an error no route of it saw: the body for a status and what went wrong. */
    @FunctionalInterface
    public interface ErrorBody {
        Object of(int status, String message);
    }

    /** The handlers, one for every kind of event; {@code maxBodyBytes} is the largest body taken. */
    public static DirectHandlers handlers(long maxBodyBytes) {
        return handlers(maxBodyBytes, Map.of());
    }

    /**
     * The handlers, one for every kind of event, answering a request whose path starts with one of
     * {@code doors}' prefixes in that door's shape, and any other in v4's.
     */
    public static DirectHandlers handlers(long maxBodyBytes, Map<String, ErrorBody> doors) {
        DirectHandlers.Builder builder = DirectHandlers.builder();
        DirectHandler handler = (request, type, status, headers, message) ->
                answer(type, status, headers, body(doors, request.path(), status.code(),
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

    private static Object body(Map<String, ErrorBody> doors, String path, int status, String detail) {
        if (path != null) {
            for (Map.Entry<String, ErrorBody> door : doors.entrySet()) {
                if (path.startsWith(door.getKey())) {
                    return door.getValue().of(status, detail);
                }
            }
        }
        return Map.of("detail", detail);
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
