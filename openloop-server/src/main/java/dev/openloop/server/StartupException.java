package dev.openloop.server;

/**
 * A node cannot start for a reason its operator can fix from the message alone (a port in use, a
 * revoked key configured), so {@link Main} prints the message without a stack trace.
 */
public final class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }
}
