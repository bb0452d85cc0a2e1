package dev.openloop.bench;

import org.HdrHistogram.Histogram;

/**
 * What one measured run gave.
 *
 * @param round which repetition of the plan it belongs to, from 1
 * @param target the target's name
 * @param rate requests per second asked for, or 0 for a closed-loop (as fast as possible) run
 * @param concurrency requests kept in flight by a closed-loop run; 0 for a fixed-rate run
 * @param ok answers with status 200 among the measured requests
 * @param errors measured requests answered otherwise, or not at all
 * @param throughput answers with status 200 per second over the measured window
 * @param latencyMicros latencies of the measured requests, in microseconds; for a fixed-rate run
 *     counted from when the request was due, not from when it left
 * @param maxSendLagMicros for a fixed-rate run, the longest a request left after it was due
 * @param cpu the CPU used during the measured window
 */
record RunResult(int round, String target, int rate, int concurrency, long ok, long errors, double throughput,
        Histogram latencyMicros, long maxSendLagMicros, CpuMeter.Usage cpu) {

    /**
     * CPU time per measured request, in microseconds, of the process that answered it: the stub for
     * the direct target, the OpenLoop node otherwise.
     */
    double cpuMicrosPerRequest() {
        double millis = target.equals("direct") ? cpu.stubMillis() : cpu.openLoopMillis();
        return millis * 1000 / Math.max(1, ok + errors);
    }

    /** Heap bytes the OpenLoop node allocated per measured request; NaN when not measured. */
    double bytesPerRequest() {
        return cpu.openLoopAllocatedBytes() / Math.max(1, ok + errors);
    }

    /** A percentile of the latency, in milliseconds. */
    double percentileMillis(double percentile) {
        return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    /** The largest latency, in milliseconds. */
    double maxMillis() {
        return latencyMicros.getMaxValue() / 1000.0;
    }

    /** One line of the CSV the harness writes next to its summary. */
    String csvLine() {
        return String.join(",", String.valueOf(round), target, String.valueOf(rate), String.valueOf(concurrency),
                String.valueOf(ok), String.valueOf(errors), "%.1f".formatted(throughput),
                "%.3f".formatted(percentileMillis(50)), "%.3f".formatted(percentileMillis(90)),
                "%.3f".formatted(percentileMillis(99)), "%.3f".formatted(percentileMillis(99.9)),
                "%.3f".formatted(maxMillis()), "%.3f".formatted(maxSendLagMicros / 1000.0),
                "%.0f".formatted(cpu.openLoopMillis()), "%.0f".formatted(cpu.stubMillis()),
                "%.0f".formatted(cpuMicrosPerRequest()), "%.3f".formatted(cpu.othersShare()),
                "%.0f".formatted(bytesPerRequest()));
    }

    static final String CSV_HEADER =
            "round,target,rate_rps,concurrency,ok,errors,throughput_rps,p50_ms,p90_ms,p99_ms,p999_ms,max_ms,max_send_lag_ms,"
            + "openloop_cpu_ms,stub_cpu_ms,cpu_us_per_request,others_cpu_share,openloop_bytes_per_request";

    /** A one-line account for the console while the plan runs. */
    String describe() {
        String load = rate > 0 ? rate + " rps" : "closed loop x" + concurrency;
        return ("%-14s %-18s ok %7d  err %4d  %8.1f rps  p50 %7.3f  p90 %7.3f  p99 %7.3f  max %8.3f ms"
                + "  cpu %4.0f us/req  others %3.0f%%%s").formatted(target, load, ok, errors, throughput,
                percentileMillis(50), percentileMillis(90), percentileMillis(99), maxMillis(), cpuMicrosPerRequest(),
                cpu.othersShare() * 100, Double.isNaN(bytesPerRequest()) || target.equals("direct") ? ""
                        : "  node %,.0f B/req".formatted(bytesPerRequest()));
    }
}
