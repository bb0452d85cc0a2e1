package dev.openloop.server.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether calls to one thing (a provider, a key) go through: closed while it answers; open, and
 * skipped, for a while once it failed {@code threshold} times in a row; then half open, when the
 * one call let through (the probe) decides: a success closes it, a failure opens it again for
 * twice as long as before, up to {@code maxOpen}. A success while closed forgets the failures.
 *
 * <p>A small class rather than a library's breaker: the growing interval and the single probe are
 * the whole of what is wanted, and the time comes from an injected {@link Clock} so that tests
 * step it rather than wait. State is per node: each node learns on its own traffic.
 */
public final class CircuitBreaker {

    /** Where the breaker stands. */
    public enum State {
        CLOSED, OPEN, HALF_OPEN
    }

    private final Clock clock;
    private final int threshold;
    private final Duration firstOpen;
    private final Duration maxOpen;

    private int failures;
    private Duration openFor;
    private Instant openUntil;
    private boolean probing;

    /**
     * @param threshold failures in a row that open it; 0 or less never opens it
     * @param firstOpen how long it first stays open
     * @param maxOpen the longest it stays open, however often the probe fails
     */
    public CircuitBreaker(Clock clock, int threshold, Duration firstOpen, Duration maxOpen) {
        this.clock = clock;
        this.threshold = threshold;
        this.firstOpen = firstOpen;
        this.maxOpen = maxOpen.compareTo(firstOpen) < 0 ? firstOpen : maxOpen;
    }

    /**
     * Whether a call may go now. While half open only the first caller gets a yes (the probe),
     * which it must answer with {@link #succeeded()}, {@link #failed()} or {@link #released()}.
     */
    public synchronized boolean tryAcquire() {
        return switch (state()) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> {
                if (probing) {
                    yield false;
                }
                probing = true;
                yield true;
            }
        };
    }

    /** The call went through: the breaker closes and forgets its failures. */
    public synchronized void succeeded() {
        failures = 0;
        openFor = null;
        openUntil = null;
        probing = false;
    }

    /** The call failed in a way that counts (the thing itself failed, not the caller's request). */
    public synchronized void failed() {
        if (threshold <= 0) {
            return;
        }
        if (openUntil != null) {
            if (probing) {
                // The probe failed: open again, for twice as long.
                openFor = min(openFor.multipliedBy(2), maxOpen);
                openUntil = clock.instant().plus(openFor);
                probing = false;
            }
            // Otherwise a call let through before it opened: it is open already.
            return;
        }
        failures++;
        if (failures >= threshold) {
            openFor = firstOpen;
            openUntil = clock.instant().plus(openFor);
            probing = false;
        }
    }

    /** The call ended in a way that says nothing about the thing's health: a probe may go again. */
    public synchronized void released() {
        probing = false;
    }

    /** Where it stands now. */
    public synchronized State state() {
        if (openUntil == null) {
            return State.CLOSED;
        }
        return clock.instant().isBefore(openUntil) ? State.OPEN : State.HALF_OPEN;
    }

    /** How long it stays open from now; zero unless open. */
    public synchronized Duration remaining() {
        if (state() != State.OPEN) {
            return Duration.ZERO;
        }
        return Duration.between(clock.instant(), openUntil);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
