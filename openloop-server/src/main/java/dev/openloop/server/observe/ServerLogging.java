package dev.openloop.server.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The node's own log: Logback, configured by {@code logback.xml}, is the one backend. What logs
 * through SLF4J (the pool, the migrations, JDBI) reaches it directly; what logs through
 * {@code java.util.logging} or {@link System.Logger} (Helidon, the PostgreSQL driver, our own
 * classes) is bridged into it here. The settings then choose the format and the levels.
 */
public final class ServerLogging {
    /** The appender {@code logback.xml} defines: lines of text. */
    static final String TEXT_APPENDER = "CONSOLE";
    static final String JSON_APPENDER = "JSON";

    private ServerLogging() {
    }

    /** Routes {@code java.util.logging} into Logback; call once, before the node starts (again does nothing). */
    public static synchronized void install() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    /** Bridges as {@link #install()} does, then applies the format and levels of {@code settings}. */
    public static synchronized void install(ObserveSettings settings) {
        install();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(settings.rootLevel()));
        for (Map.Entry<String, String> level : settings.levels().entrySet()) {
            context.getLogger(level.getKey()).setLevel(Level.toLevel(level.getValue()));
        }
        if (settings.json() && root.getAppender(JSON_APPENDER) == null) {
            root.addAppender(jsonAppender(context));
            Appender<ILoggingEvent> text = root.getAppender(TEXT_APPENDER);
            if (text != null) {
                root.detachAppender(text);
                text.stop();
            }
        }
    }

    /**
     * One JSON object per line on standard output: timestamp (UTC), level, logger, thread, message,
     * the MDC (the request id and what the request is about) and the stack trace, if any.
     */
    private static Appender<ILoggingEvent> jsonAppender(LoggerContext context) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.setTimeZone("UTC");
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(JSON_APPENDER);
        appender.setEncoder(encoder);
        appender.start();
        return appender;
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
