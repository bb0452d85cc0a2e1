package dev.openloop.server.http;

import dev.openloop.server.observe.ClientEvents;
import dev.openloop.server.observe.LogText;
import dev.openloop.server.store.StoreFailures;
import dev.openloop.server.web.JsonAnswers;
import io.helidon.http.HttpException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where every error becomes an HTTP answer. An {@link ApiException} answers with its status and
 * {@code {"detail": ...}}. A failure of the database that retrying can cure is a 503: a
 * transaction that lost a conflict with a concurrent one (deadlock, serialization failure, SQLite
 * busy) says to retry at once, an unreachable database to try again later. Anything else is a
 * fault of the server: 500 with the same JSON shape, {@link Error}s included. Each answer takes
 * the shape of the door the request's path belongs to ({@link ErrorShapes}): v4's
 * {@code {"detail": ...}} unless a door of another shape claims the path.
 *
 * <p>What goes to the server's log never holds request data. A failure that involves the
 * database is logged through {@link StoreFailures#describe} (exception types and SQL states) with
 * the server's own stack frames, since the driver's messages quote the SQL and its bound values.
 */
public final class ErrorResponses {
    /**
     * The header with which the server tells a client whether to retry, as the OpenAI-style SDKs
     * read it: {@code false} stops their own retries, which would come on top of the server's.
     */
    public static final String SHOULD_RETRY = "x-should-retry";
    /** The packages whose stack frames are logged with a database failure. */
    private static final String OUR_PACKAGES = "dev.openloop.";
    /** How many frames of a {@link StackOverflowError} are logged: its stack repeats itself by the thousand. */
    private static final int OVERFLOW_FRAMES = 20;
    private static final System.Logger LOG = System.getLogger(ErrorResponses.class.getName());
    /** When a client should try again after finding the database unreachable: a restart or fail-over takes seconds. */
    static final int UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

    private ErrorResponses() {
    }

    /** Registers the mapping on a routing, answering every path in v4's shape. */
    public static void register(HttpRouting.Builder routing) {
        register(routing, ErrorShapes.v4Only());
    }

    /** Registers the mapping on a routing, answering each path in the shape of the door it belongs to. */
    public static void register(HttpRouting.Builder routing, ErrorShapes shapes) {
        routing.error(ApiException.class, (req, res, e) -> {
            DoorErrors door = shapes.doorOf(req);
            if (door == null) {
                write(res, e);
            } else if (!res.isSent()) {
                door.write(res, e);
            }
        });
        routing.error(HttpException.class, (req, res, e) -> {
            int status = e.status().code();
            if (status >= 500) {
                LOG.log(Level.ERROR, "request failed", e);
            }
            send(req, res, shapes, status, e.status().reasonPhrase());
        });
        routing.error(Exception.class, (req, res, e) -> unexpected(req, res, shapes, e));
        routing.error(Error.class, (req, res, e) -> error(req, res, shapes, e));
    }

    /** Writes {@code e} as the response. */
    public static void write(ServerResponse res, ApiException e) {
        e.headers().forEach(res::header);
        if (e.tellsClientNotToRetry()) {
            res.header(SHOULD_RETRY, "false");
        }
        send(res, e.status(), Map.of("detail", e.detail()));
    }

    private static void unexpected(ServerRequest req, ServerResponse res, ErrorShapes shapes, Exception e) {
        String clients = ClientEvents.describe(e);
        if (clients != null) {
            // The client's doing, not a fault: a line at DEBUG, and a 400 should it still be there to read it.
            LOG.log(Level.DEBUG, () -> clients + ": " + describe(req));
            try {
                send(req, res, shapes, 400, "The request ended before its body was complete");
            } catch (RuntimeException gone) {
                // Nobody is left to read it.
            }
            return;
        }
        if (!StoreFailures.involvesTheDatabase(e)) {
            LOG.log(Level.ERROR, "request failed: " + describe(req), e);
            internalError(req, res, shapes);
            return;
        }
        String failure = StoreFailures.describe(e);
        switch (StoreFailures.kindOf(e)) {
            case CONFLICT, BUSY -> {
                LOG.log(Level.WARNING, "request lost a conflict with a concurrent write: " + describe(req) + ": " + failure);
                res.header("Retry-After", "1");
                send(req, res, shapes, 503, "The database undid this request's writes to let a concurrent request"
                        + " go on (a deadlock, or a write lock held too long); retry the request");
            }
            case UNAVAILABLE -> {
                LOG.log(Level.WARNING, "request failed, the database is unavailable: " + describe(req) + ": " + failure);
                res.header("Retry-After", String.valueOf(UNAVAILABLE_RETRY_AFTER_SECONDS));
                send(req, res, shapes, 503, "The database cannot be reached now; try again later");
            }
            case ITEMS -> {
                LOG.log(Level.ERROR, "request failed: " + describe(req) + ": " + failure + ourFrames(e, Integer.MAX_VALUE));
                internalError(req, res, shapes);
            }
        }
    }

    /**
     * An {@link Error} thrown by a route. A {@link StackOverflowError} unwinds the stack that
     * overflowed and leaves the JVM sound, as do linkage and assertion errors: they are answered
     * as any fault. Another {@link VirtualMachineError} (out of memory, an internal error) leaves
     * the JVM in no state to trust, or to build an answer: it is reported as fatal, on the
     * standard error stream too, and the response is left to Helidon.
     */
    private static void error(ServerRequest req, ServerResponse res, ErrorShapes shapes, Error e) {
        if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
            System.err.println("openloop: FATAL: " + e + " while serving " + describe(req) + "; restart the node.");
            LOG.log(Level.ERROR, "fatal error while serving " + describe(req), e);
            return;
        }
        if (e instanceof StackOverflowError) {
            LOG.log(Level.ERROR, "request failed: " + describe(req) + ": " + e + ourFrames(e, OVERFLOW_FRAMES));
        } else {
            LOG.log(Level.ERROR, "request failed: " + describe(req), e);
        }
        internalError(req, res, shapes);
    }

    /** The request's method and path for the log, escaped: a path may hold any character ({@code %0a} too). */
    private static String describe(ServerRequest req) {
        return LogText.escape(req.prologue().method().text() + " " + ErrorShapes.pathOf(req));
    }

    /** The first {@code limit} frames of {@code e}'s stack that are the server's own, one per line. */
    private static String ourFrames(Throwable e, int limit) {
        return Arrays.stream(e.getStackTrace())
                .filter(frame -> frame.getClassName().startsWith(OUR_PACKAGES))
                .limit(limit)
                .map(frame -> "\n\tat " + frame)
                .collect(Collectors.joining());
    }

    private static void internalError(ServerRequest req, ServerResponse res, ErrorShapes shapes) {
        send(req, res, shapes, 500, "Internal server error");
    }

    /** Sends a plain error in the shape of the door {@code req}'s path belongs to. */
    private static void send(ServerRequest req, ServerResponse res, ErrorShapes shapes, int status, String message) {
        send(res, status, shapes.body(ErrorShapes.pathOf(req), status, message));
    }

    private static void send(ServerResponse res, int status, Object body) {
        if (res.isSent()) {
            return;
        }
        JsonAnswers.send(res, status, body);
    }
}
