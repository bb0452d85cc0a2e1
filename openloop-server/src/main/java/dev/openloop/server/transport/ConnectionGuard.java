package dev.openloop.server.transport;

import dev.openloop.server.web.JsonAnswers;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the node's connections are counted and held to the {@link TransportLimits}. It is the
 * listener's only connection selector, so Helidon hands it each connection as soon as it is
 * accepted, before a byte is read: a connection that never sends anything is counted and timed too.
 * Past the cap a connection is still served HTTP, but its first request is answered 503 with
 * {@code Retry-After} and the connection is closed (by the sweeper, once the answer is written): a prompt, readable refusal rather than a wait
 * in the accept queue. A sweeper closes connections that have not delivered a complete request
 * head within the header timeout (slowloris), and those whose client has stopped reading for the
 * write timeout; Helidon's own idle timeout closes those that wait too long between requests. The
 * sweeper also closes a connection whose request or answer said {@code Connection: close}, once
 * the answer is written: Helidon sends the header but keeps the connection open until its idle
 * timeout, and a client that reads to the end of the connection would wait that long.
 */
public final class ConnectionGuard implements ServerConnectionSelector {
    /** How often the sweeper looks at the connections. */
    private static final long SWEEP_MILLIS = 250;

    private final TransportLimits limits;
    private final int cap;
    private final Http1ConnectionSelector http1;
    private final Map<String, GuardedConnection> open = new ConcurrentHashMap<>();
    private final AtomicInteger served = new AtomicInteger();

    /**
     * @param cap the connections served at once: the configured cap, or less where the open-file
     *     limit leaves room for fewer ({@link FileDescriptorBudget})
     */
    public ConnectionGuard(TransportLimits limits, int cap, Http1Config http1Config, ScheduledExecutorService sweeper) {
        this.limits = limits;
        this.cap = cap;
        this.http1 = Http1ConnectionSelector.builder().config(http1Config).build();
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The connections served at once. */
    public int cap() {
        return cap;
    }

    /** Connections open now, refused ones included. */
    public int openConnections() {
        return open.size();
    }

    @Override
    public int bytesToIdentifyConnection() {
        return 0;
    }

    @Override
    public Support supports(BufferData data) {
        return Support.SUPPORTED;
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return http1.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        boolean overCap = served.incrementAndGet() > cap;
        if (overCap) {
            served.decrementAndGet();
        }
        String key = key(ctx.socketId(), ctx.childSocketId());
        GuardedConnection connection = new GuardedConnection(ctx, overCap, () -> {
            open.remove(key);
            if (!overCap) {
                served.decrementAndGet();
            }
        }, http1::connection);
        open.put(key, connection);
        return connection;
    }

    /**
     * The routing filter that sees each request once its head is complete: it stops the header
     * timeout of the request's connection, refuses requests that came past the cap, and has the
     * connection closed once a request or its answer said {@code Connection: close}.
     */
    public Filter filter() {
        return (chain, req, res) -> {
            GuardedConnection connection = open.get(key(req.serverSocketId(), req.socketId()));
            if (connection == null) {
                chain.proceed();
                return;
            }
            connection.headReceived();
            if (connection.overCap()) {
                res.header("Retry-After", "1");
                res.header(HeaderValues.CONNECTION_CLOSE);
                JsonAnswers.send(res, 503, Map.of("detail", "The server is at its limit of " + cap
                        + " open connections; retry shortly"));
                connection.closeAfterAnswer();
                return;
            }
            // Once sent, as a failure's answer is written after this filter returns.
            res.whenSent(() -> {
                if (req.headers().contains(HeaderValues.CONNECTION_CLOSE) || res.headers().contains(HeaderValues.CONNECTION_CLOSE)) {
                    connection.closeAfterAnswer();
                }
            });
            chain.proceed();
        };
    }

    private void sweep() {
        long now = System.nanoTime();
        for (GuardedConnection connection : open.values()) {
            String why = connection.overLimit(limits, now);
            if (why != null) {
                try {
                    connection.drop(why);
                } catch (RuntimeException e) {
                    // The socket is already gone; its handler ends on its own.
                }
            }
        }
    }

    private static String key(String serverSocketId, String socketId) {
        return serverSocketId + " " + socketId;
    }
}
