package dev.openloop.server.http;

import io.helidon.http.HttpException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * Where every error becomes an HTTP answer. An {@link ApiException} answers with its status and
 * {@code {"detail": ...}}; anything else is a fault of the server: 500, logged with its stack,
 * never with request data.
 */
public final class ErrorResponses {
    /**
     * The header with which the server tells a client whether to retry, as the OpenAI-style SDKs
     * read it: {@code false} stops their own retries, which would come on top of the server's.
     */
    public static final String SHOULD_RETRY = "x-should-retry";
    private static final System.Logger LOG = System.getLogger(ErrorResponses.class.getName());

    private ErrorResponses() {
    }

    /** Registers the mapping on a routing. */
    public static void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, (req, res, e) -> write(res, e));
        routing.error(HttpException.class, (req, res, e) -> {
            int status = e.status().code();
            if (status >= 500) {
                LOG.log(Level.ERROR, "request failed", e);
            }
            send(res, status, Map.of("detail", e.status().reasonPhrase()));
        });
        routing.error(Exception.class, (req, res, e) -> {
            LOG.log(Level.ERROR, "request failed: " + req.prologue().method().text() + " " + req.path().path(), e);
            send(res, 500, Map.of("detail", "Internal server error"));
        });
    }

    /** Writes {@code e} as the response. */
    public static void write(ServerResponse res, ApiException e) {
        e.headers().forEach(res::header);
        if (e.tellsClientNotToRetry()) {
            res.header(SHOULD_RETRY, "false");
        }
        send(res, e.status(), Map.of("detail", e.detail()));
    }

    private static void send(ServerResponse res, int status, Object body) {
        if (res.isSent()) {
            return;
        }
        Json.send(res, status, body);
    }
}
