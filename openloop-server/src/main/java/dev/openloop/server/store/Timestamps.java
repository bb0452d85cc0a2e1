package dev.openloop.server.store;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Stored timestamps are epoch milliseconds; answers carry {@link Instant}s. */
public final class Timestamps {
    private static final AtomicLong LAST_RECORDED = new AtomicLong();

    private Timestamps() {
    }

    /** {@code millis} as an instant; null stays null. */
    public static Instant at(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    /**
     * A strictly increasing number on this node, close to the time in microseconds, to order rows
     * written within the same millisecond.
     */
    public static long recordedNow() {
        long now = System.currentTimeMillis() * 1000;
        return LAST_RECORDED.updateAndGet(last -> Math.max(last + 1, now));
    }
}
