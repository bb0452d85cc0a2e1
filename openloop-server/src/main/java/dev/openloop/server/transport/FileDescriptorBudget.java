package dev.openloop.server.transport;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * How many connections the process's open-file limit leaves room for. Each accepted connection
 * is a file descriptor, and so may be the provider call it makes; the database pool, the log and
 * the JVM's own files need some more. Accepting past what is left would make {@code accept}
 * fail with "too many open files", which ends Helidon's listener for good; keeping the listener's
 * accept ceiling under the budget keeps it accepting.
 *
 * @param acceptCeiling connections the listener holds at most (served and refused together);
 *     further clients wait in the accept queue
 * @param cap connections served at once: the configured cap, lowered to fit under the ceiling
 */
public record FileDescriptorBudget(int acceptCeiling, int cap) {
    /** Descriptors kept for everything but connections: database pool, log files, the JVM's own. */
    static final int RESERVED = 128;

    /** The budget for {@code configuredCap} connections under the process's open-file limit. */
    public static FileDescriptorBudget of(int configuredCap) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (!(os instanceof UnixOperatingSystemMXBean unix)) {
            return within(configuredCap, Integer.MAX_VALUE);
        }
        long free = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount() - RESERVED;
        // Half for accepted connections, half for the provider connections they may open.
        return within(configuredCap, free / 2);
    }

    static FileDescriptorBudget within(int configuredCap, long room) {
        if (room < 2) {
            throw new IllegalStateException("the open-file limit (ulimit -n) leaves no room for connections;"
                    + " raise it to a few thousand");
        }
        int refusals = Math.max(16, configuredCap / 10);
        if ((long) configuredCap + refusals <= room) {
            return new FileDescriptorBudget(configuredCap + refusals, configuredCap);
        }
        // Too little room: a tenth of it still goes to answering refusals.
        int ceiling = (int) Math.min(room, Integer.MAX_VALUE);
        return new FileDescriptorBudget(ceiling, Math.max(1, ceiling - Math.max(1, ceiling / 10)));
    }

    /** Whether the open-file limit lowered the configured cap. */
    public boolean lowered(int configuredCap) {
        return cap < configuredCap;
    }
}
