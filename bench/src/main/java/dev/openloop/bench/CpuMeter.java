package dev.openloop.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time used during a run, read from Linux's {@code /proc}: by the OpenLoop node, by the upstream
 * stub, and by everything outside the benchmark. The machine is shared, so a run's figures mean
 * little without knowing how much of it others took; and CPU time per request is a cost that noise
 * on the machine barely changes, unlike latency.
 *
 * <p>Where {@code /proc} cannot be read (not Linux), every figure is NaN.
 */
final class CpuMeter {
    /** Linux counts CPU time in ticks of 1/100 s (USER_HZ) on every common platform. */
    private static final double TICK_MILLIS = 10.0;

    private final long openLoopPid;
    private final long stubPid;
    private final long ownPid = ProcessHandle.current().pid();
    private final AllocationMeter allocations;

    CpuMeter(long openLoopPid, long stubPid) {
        this(openLoopPid, stubPid, null);
    }

    /** Also reads the node's heap allocations when {@code allocations} is not null. */
    CpuMeter(long openLoopPid, long stubPid, AllocationMeter allocations) {
        this.openLoopPid = openLoopPid;
        this.stubPid = stubPid;
        this.allocations = allocations;
    }

    /** The counters now. */
    Reading read() {
        return new Reading(System.nanoTime(), machineBusyTicks(), processTicks(openLoopPid), processTicks(stubPid),
                processTicks(ownPid), allocations == null ? -1 : allocations.allocatedBytes());
    }

    /**
     * What the counters said at one moment; ticks are -1 when unreadable, and so are the node's
     * allocated bytes when not measured.
     */
    record Reading(long nanos, long machineBusy, long openLoop, long stub, long loadGenerator, long openLoopAllocated) {
    }

    /**
     * The CPU used between two readings.
     *
     * @param openLoopMillis CPU time of the OpenLoop node
     * @param stubMillis CPU time of the upstream stub
     * @param othersShare the share of the whole machine (all cores) used by processes outside the
     *     benchmark, from 0 to 1
     * @param openLoopAllocatedBytes heap bytes the OpenLoop node allocated; NaN when not measured
     */
    record Usage(double openLoopMillis, double stubMillis, double othersShare, double openLoopAllocatedBytes) {
        static final Usage UNKNOWN = new Usage(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    static Usage between(Reading before, Reading after) {
        if (List.of(before.machineBusy(), before.openLoop(), before.stub(), before.loadGenerator()).contains(-1L)
                || List.of(after.machineBusy(), after.openLoop(), after.stub(), after.loadGenerator()).contains(-1L)) {
            return Usage.UNKNOWN;
        }
        long ours = (after.openLoop() - before.openLoop()) + (after.stub() - before.stub())
                + (after.loadGenerator() - before.loadGenerator());
        long others = Math.max(0, after.machineBusy() - before.machineBusy() - ours);
        double capacityTicks = (after.nanos() - before.nanos()) / 1e6 / TICK_MILLIS
                * Runtime.getRuntime().availableProcessors();
        double allocated = before.openLoopAllocated() < 0 || after.openLoopAllocated() < 0
                ? Double.NaN : after.openLoopAllocated() - before.openLoopAllocated();
        return new Usage((after.openLoop() - before.openLoop()) * TICK_MILLIS, (after.stub() - before.stub()) * TICK_MILLIS,
                others / capacityTicks, allocated);
    }

    /** Ticks all cores spent on anything but idling, from the first line of /proc/stat. */
    private static long machineBusyTicks() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            // cpu user nice system idle iowait irq softirq steal (guest time is inside user already)
            for (int i = 1; i <= 8 && i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return total - idle;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** User plus system ticks of one process, from /proc/PID/stat. */
    private static long processTicks(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name, in parentheses, may hold spaces; the fields after it are fixed.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
