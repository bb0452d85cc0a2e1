package dev.openloop.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load for maximum throughput: a fixed number of virtual threads, each sending its next
 * request as soon as the last one is answered. Its latencies are those of a saturated server and
 * are reported only beside the throughput, never as a latency figure.
 */
final class ClosedLoopLoad {
    private final HttpSender sender;
    private final CpuMeter cpuMeter;

    ClosedLoopLoad(HttpSender sender, CpuMeter cpuMeter) {
        this.sender = sender;
        this.cpuMeter = cpuMeter;
    }

    RunResult run(int round, Target target, int concurrency, Duration leadIn, Duration measured)
            throws InterruptedException {
        long windowStart = System.nanoTime() + leadIn.toNanos();
        long windowEnd = windowStart + measured.toNanos();
        Latencies latencies = new Latencies();
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Thread> senders = new ArrayList<>(concurrency);
        for (int i = 0; i < concurrency; i++) {
            senders.add(Thread.ofVirtual().name("closed-loop-" + i).start(() -> {
                long sent;
                while ((sent = System.nanoTime()) < windowEnd) {
                    int status = sender.send(target);
                    long answered = System.nanoTime();
                    // Only requests sent and answered inside the window count towards its throughput.
                    if (sent >= windowStart && answered <= windowEnd) {
                        latencies.recordNanos(answered - sent);
                        (status == 200 ? ok : errors).incrementAndGet();
                    }
                }
            }));
        }
        Thread.sleep(Math.max(0, (windowStart - System.nanoTime()) / 1_000_000));
        CpuMeter.Reading cpuBefore = cpuMeter.read();
        Thread.sleep(Math.max(0, (windowEnd - System.nanoTime()) / 1_000_000));
        CpuMeter.Usage cpu = CpuMeter.between(cpuBefore, cpuMeter.read());
        for (Thread thread : senders) {
            thread.join();
        }
        double seconds = measured.toNanos() / 1e9;
        return new RunResult(round, target.name(), 0, concurrency, ok.get(), errors.get(), ok.get() / seconds,
                latencies.histogram(), 0, cpu);
    }
}
