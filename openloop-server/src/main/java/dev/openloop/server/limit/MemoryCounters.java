package dev.openloop.server.limit;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counters held by this node alone: for a single node, or when every node may admit its own share.
 * One lock makes an admission all or nothing; it is held for a few map lookups. A window's count
 * is dropped once the window has ended.
 */
public final class MemoryCounters implements LimitCounters {
    /** How many admissions pass between two sweeps of the ended windows. */
    private static final int SWEEP_EVERY = 1024;

    /** A counter's count in the window that starts at {@code windowStart}. */
    private record Slot(String counter, LimitWindow window, Instant windowStart) {
    }

    private final Map<Slot, Long> counts = new HashMap<>();
    private int sinceSweep;

    @Override
    public synchronized Admission admit(List<Quota> quotas, Instant now) {
        sweepNowAndThen(now);
        for (Quota quota : quotas) {
            if (!quota.hasRoom(counts.getOrDefault(slot(quota.counter(), quota.window(), now), 0L))) {
                return Admission.refused(quota, quota.window().end(now));
            }
        }
        for (Quota quota : quotas) {
            if (quota.onAdmission() > 0) {
                counts.merge(slot(quota.counter(), quota.window(), now), quota.onAdmission(), Long::sum);
            }
        }
        return Admission.ADMITTED;
    }

    @Override
    public synchronized void add(List<Addition> additions, Instant now) {
        for (Addition addition : additions) {
            if (addition.amount() != 0) {
                counts.merge(slot(addition.counter(), addition.window(), now), addition.amount(), Long::sum);
            }
        }
    }

    @Override
    public synchronized long current(String counter, LimitWindow window, Instant now) {
        return counts.getOrDefault(slot(counter, window, now), 0L);
    }

    /** How many window counts are held: the live windows' and, until the next sweep, some ended ones. */
    synchronized int held() {
        return counts.size();
    }

    @Override
    public boolean reachable() {
        return true;
    }

    @Override
    public void close() {
    }

    private static Slot slot(String counter, LimitWindow window, Instant now) {
        return new Slot(counter, window, window.start(now));
    }

    /** Drops the counts of windows that have ended, every so many admissions, so that memory stays bounded by the live windows. */
    private void sweepNowAndThen(Instant now) {
        if (++sinceSweep < SWEEP_EVERY) {
            return;
        }
        sinceSweep = 0;
        counts.keySet().removeIf(slot -> !slot.window().start(now).equals(slot.windowStart()));
    }
}
