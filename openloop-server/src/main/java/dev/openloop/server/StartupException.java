package dev.openloop.server;

/**
 * A node cannot start for a reason its operator can fix from the message alone (a port in use, an
 * address not this machine's), so {@link Main} prints the message without a stack trace and exits
 * with status 1. A configuration that cannot work (an invalid variable, a revoked
 * {@code OPENLOOP_API_KEY}) is an {@link IllegalArgumentException} instead: status 2.
 */
public final class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }
}
