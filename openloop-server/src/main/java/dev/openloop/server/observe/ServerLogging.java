package dev.openloop.server.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The node's own log: Logback, configured by {@code logback.xml}, is the one backend. What logs
 * through SLF4J (the pool, the migrations, JDBI) reaches it directly; what logs through
 * {@code java.util.logging} or {@link System.Logger} (Helidon, the PostgreSQL driver, our own
 * classes) is bridged into it here.
 */
public final class ServerLogging {
    private ServerLogging() {
    }

    /** Routes {@code java.util.logging} into Logback; call once, before the node starts. */
    public static void install() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    /**
     * Logs only warnings and errors until the returned handle is closed (for one-shot commands
     * whose answer is a line); closing it puts back the level there was.
     */
    public static Quiet warningsOnly() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        root.setLevel(Level.WARN);
        return () -> root.setLevel(before);
    }

    /** A quieter log while it is open. */
    @FunctionalInterface
    public interface Quiet extends AutoCloseable {
        @Override
        void close();
    }
}
