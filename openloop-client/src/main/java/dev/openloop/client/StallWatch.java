package dev.openloop.client;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Notices a stream that stops sending: when one read waits longer than the limit, it runs the
 * action given (which closes the connection, so that the blocked read returns). The JDK's HTTP
 * client has no read timeout for a body being streamed, and a silent connection would otherwise
 * hold the caller forever.
 *
 * <p>Only the time spent waiting for the server counts, never the time the caller spends between
 * two events. One virtual thread per watch does the watching. {@link TimedRead} uses a watch for a
 * whole body read at once: there the one read is the whole body.
 */
final class StallWatch implements AutoCloseable {
    private static final long NOT_WAITING = Long.MAX_VALUE;

    private final long limitNanos;
    private final Runnable onStall;
    private final Thread watcher;
    private volatile long deadline = NOT_WAITING;
    private volatile boolean stalled;
    private volatile boolean closed;

    StallWatch(Duration limit, Runnable onStall) {
        this.limitNanos = limit.toNanos();
        this.onStall = onStall;
        this.watcher = Thread.ofVirtual().name("openloop-stream-watch").start(this::watch);
    }

    /** A read starts. */
    void waiting() {
        deadline = System.nanoTime() + limitNanos;
        LockSupport.unpark(watcher);
    }

    /** The read returned. */
    void progressed() {
        deadline = NOT_WAITING;
    }

    /** The thread that watches, for tests to see that it ends once the watch is closed. */
    Thread watcher() {
        return watcher;
    }

    /** Whether a read waited past the limit (and the action ran). */
    boolean stalled() {
        return stalled;
    }

    private void watch() {
        while (!closed) {
            long due = deadline;
            if (due == NOT_WAITING) {
                LockSupport.park(this);
                continue;
            }
            long left = due - System.nanoTime();
            if (left <= 0) {
                stalled = true;
                onStall.run();
                return;
            }
            LockSupport.parkNanos(this, left);
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(watcher);
    }
}
