package dev.openloop.server.transport;

import dev.openloop.server.config.EnvReader;
import java.time.Duration;

/**
 * What one connection may hold of the node, read from {@code OPENLOOP_*} variables;
 * {@code docs/reliability.md} lists each limit and what a client gets past it.
 *
 * @param maxConnections open connections served at once; a connection past it is answered 503
 * @param headerTimeout how long a new connection may take to deliver its first complete request head
 * @param idleTimeout how long a connection may wait between requests before it is closed
 * @param writeTimeout how long one write to a client may block (a client that does not read)
 */
public record TransportLimits(int maxConnections, Duration headerTimeout, Duration idleTimeout, Duration writeTimeout) {

    public TransportLimits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("OPENLOOP_MAX_CONNECTIONS must be at least 1, not " + maxConnections);
        }
        positive("OPENLOOP_HEADER_TIMEOUT_MS", headerTimeout);
        positive("OPENLOOP_IDLE_TIMEOUT_MS", idleTimeout);
        positive("OPENLOOP_WRITE_TIMEOUT_MS", writeTimeout);
    }

    /** Reads the limits, each with its safe default. */
    public static TransportLimits fromEnvironment(EnvReader env) {
        return new TransportLimits(
                env.integer("OPENLOOP_MAX_CONNECTIONS", 2000),
                env.duration("OPENLOOP_HEADER_TIMEOUT_MS", Duration.ofSeconds(10)),
                env.duration("OPENLOOP_IDLE_TIMEOUT_MS", Duration.ofSeconds(60)),
                env.duration("OPENLOOP_WRITE_TIMEOUT_MS", Duration.ofSeconds(30)));
    }

    private static void positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be more than 0, not " + value.toMillis());
        }
    }
}
