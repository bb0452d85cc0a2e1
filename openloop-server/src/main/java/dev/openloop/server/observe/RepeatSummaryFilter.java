package dev.openloop.server.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * Summarises a burst of identical warnings or errors: within each window (10 s by default), the
 * first of a kind (same logger, level, message and exception type) is logged in full, stack trace
 * and all; the repeats are counted instead, and when the window ends one line says how many more
 * there were. A fault that recurs thousands of times a second costs a line per window, not a disk.
 */
public final class RepeatSummaryFilter extends TurboFilter {
    /** Kinds tracked in one window at most; past them, events pass unsummarised. */
    private static final int MAX_KINDS = 1000;
    private static final int SHOWN_CHARS = 300;
    /** Marks the summaries, which are never summarised themselves. */
    private static final Marker SUMMARY = MarkerFactory.getMarker("REPEATS");

    private final Map<Kind, AtomicInteger> repeats = new ConcurrentHashMap<>();
    private ScheduledExecutorService flusher;
    private long windowSeconds = 10;

    /** The window's length, from {@code logback.xml}. */
    public void setWindowSeconds(long windowSeconds) {
        this.windowSeconds = windowSeconds;
    }

    @Override
    public void start() {
        flusher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("openloop-log-summary").daemon(true).factory());
        flusher.scheduleWithFixedDelay(this::summarise, windowSeconds, windowSeconds, TimeUnit.SECONDS);
        super.start();
    }

    @Override
    public void stop() {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        summarise();
        super.stop();
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level == null || format == null || marker == SUMMARY || !level.isGreaterOrEqual(Level.WARN)
                || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
            return FilterReply.NEUTRAL;
        }
        Kind kind = new Kind(logger, level, format, t == null ? null : t.getClass().getName());
        AtomicInteger seen = repeats.get(kind);
        if (seen == null) {
            if (repeats.size() >= MAX_KINDS) {
                return FilterReply.NEUTRAL;
            }
            seen = repeats.putIfAbsent(kind, new AtomicInteger());
            if (seen == null) {
                return FilterReply.NEUTRAL;
            }
        }
        seen.incrementAndGet();
        return FilterReply.DENY;
    }

    /** Logs one line per kind that repeated in the window that ends, and starts the next one. */
    void summarise() {
        for (Map.Entry<Kind, AtomicInteger> entry : repeats.entrySet()) {
            repeats.remove(entry.getKey());
            int more = entry.getValue().get();
            if (more > 0) {
                Kind kind = entry.getKey();
                String message = kind.format.length() > SHOWN_CHARS ? kind.format.substring(0, SHOWN_CHARS) + "…" : kind.format;
                kind.logger.log(SUMMARY, Logger.FQCN, Level.toLocationAwareLoggerInteger(kind.level),
                        "{} more like this in the last {} s: {}", new Object[] {more, windowSeconds, message}, null);
            }
        }
    }

    private record Kind(Logger logger, Level level, String format, String throwable) {
    }
}
