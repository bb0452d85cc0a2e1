package dev.openloop.server.transport;

import io.helidon.common.concurrency.limits.Limit;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import java.time.Duration;
import java.util.function.Function;

/**
 * One HTTP/1.1 connection as the {@link ConnectionGuard} sees it: when it was accepted, whether a
 * complete request head has arrived on it, whether a write to it is blocked and since when, and
 * whether it came past the connection cap (its requests are then refused).
 */
final class GuardedConnection implements ServerConnection {
    private static final System.Logger LOG = System.getLogger(GuardedConnection.class.getName());

    private final ConnectionContext context;
    private final long acceptedAt = System.nanoTime();
    private final boolean overCap;
    private final Runnable onEnd;
    private final ServerConnection http;
    private volatile boolean headReceived;
    private volatile boolean closeAfterAnswer;
    /** {@link System#nanoTime()} when the write in progress began; 0 when none is. */
    private volatile long writingSince;
    private volatile boolean dropped;

    GuardedConnection(ConnectionContext context, boolean overCap, Runnable onEnd,
            Function<ConnectionContext, ServerConnection> http) {
        this.context = context;
        this.overCap = overCap;
        this.onEnd = onEnd;
        this.http = http.apply(new GuardedContext(context, this));
    }

    @Override
    public void handle(Limit limit) throws InterruptedException {
        try {
            http.handle(limit);
        } finally {
            onEnd.run();
        }
    }

    @Override
    public Duration idleTime() {
        return http.idleTime();
    }

    @Override
    public void close(boolean interrupt) {
        http.close(interrupt);
    }

    boolean overCap() {
        return overCap;
    }

    void headReceived() {
        headReceived = true;
    }

    /**
     * Its answer was written, and was to be the connection's last: the cap's refusal, or an answer
     * to a request (or with a header) saying {@code Connection: close}. The connection is closed next.
     */
    void closeAfterAnswer() {
        closeAfterAnswer = true;
    }

    void writeStarted() {
        writingSince = System.nanoTime();
    }

    void writeEnded() {
        writingSince = 0;
    }

    /** Why this connection should be dropped now, or null while it keeps within the limits. */
    String overLimit(TransportLimits limits, long now) {
        if (closeAfterAnswer) {
            return overCap ? "refused: past the connection cap" : "answered with Connection: close";
        }
        if (!headReceived && now - acceptedAt > limits.headerTimeout().toNanos()) {
            return "no complete request head within " + limits.headerTimeout().toMillis() + " ms";
        }
        long writing = writingSince;
        if (writing != 0 && now - writing > limits.writeTimeout().toNanos()) {
            return "the client read nothing for " + limits.writeTimeout().toMillis() + " ms";
        }
        return null;
    }

    /**
     * Closes the socket: a read or write blocked on it fails at once, the request (if any) ends,
     * and what it held is freed.
     */
    void drop(String why) {
        if (dropped) {
            return;
        }
        dropped = true;
        LOG.log(System.Logger.Level.DEBUG, () -> "dropping connection " + context.childSocketId() + ": " + why);
        http.close(true);
        context.serverSocket().close();
    }
}
