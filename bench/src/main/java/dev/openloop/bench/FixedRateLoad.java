package dev.openloop.bench;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load: requests leave on a fixed schedule, one every {@code 1/rate} seconds, whether or
 * not earlier ones have been answered, each on a virtual thread of its own. A slow answer therefore
 * never delays the requests behind it, and each latency is counted from when its request was due:
 * a stall shows in the figures as the queue it would build in front of real clients, instead of
 * being hidden by requests not sent (coordinated omission).
 *
 * <p>Requests due during the lead-in are sent but not recorded, so the measured window starts on
 * warm connections at the steady rate.
 */
final class FixedRateLoad {
    private final HttpSender sender;
    private final CpuMeter cpuMeter;

    FixedRateLoad(HttpSender sender, CpuMeter cpuMeter) {
        this.sender = sender;
        this.cpuMeter = cpuMeter;
    }

    RunResult run(int round, Target target, int rate, Duration leadIn, Duration measured) {
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime() + 1_000_000;
        long windowStart = start + leadIn.toNanos();
        long windowEnd = windowStart + measured.toNanos();
        Latencies latencies = new Latencies();
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong lastAnswer = new AtomicLong(windowStart);
        long maxLag = 0;
        CpuMeter.Reading cpuBefore = null;
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; ; i++) {
                long due = start + i * period;
                if (due >= windowEnd) {
                    break;
                }
                waitUntil(due);
                boolean recorded = due >= windowStart;
                if (recorded && cpuBefore == null) {
                    cpuBefore = cpuMeter.read();
                }
                if (recorded) {
                    maxLag = Math.max(maxLag, System.nanoTime() - due);
                }
                requests.execute(() -> {
                    int status = sender.send(target);
                    long answered = System.nanoTime();
                    if (!recorded) {
                        return;
                    }
                    latencies.recordNanos(answered - due);
                    (status == 200 ? ok : errors).incrementAndGet();
                    lastAnswer.accumulateAndGet(answered, Math::max);
                });
            }
        } // closing waits for every request in flight
        CpuMeter.Usage cpu = CpuMeter.between(cpuBefore, cpuMeter.read());
        // The window closes when its last due request was answered, or at its scheduled end if that
        // came first: a target that keeps up shows the rate asked for, one that falls behind less.
        double seconds = (Math.max(lastAnswer.get(), windowEnd) - windowStart) / 1e9;
        return new RunResult(round, target.name(), rate, 0, ok.get(), errors.get(), ok.get() / seconds,
                latencies.histogram(), maxLag / 1000, cpu);
    }

    private static void waitUntil(long due) {
        long remaining;
        while ((remaining = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
        }
    }
}
