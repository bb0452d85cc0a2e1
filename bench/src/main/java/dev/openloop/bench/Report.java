package dev.openloop.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Turns the runs of a plan into the Markdown summary: medians over the rounds, and OpenLoop's
 * figures against the direct baseline of the same round (as a difference and as a ratio).
 */
final class Report {
    /** The aim OpenLoop is held to at 1,000 requests per second. */
    private static final int AIM_RATE = 1000;
    private static final double AIM_ADDED_P50_MS = 0.5;
    private static final double AIM_ADDED_P99_MS = 3.0;

    private final Bench.Plan plan;
    private final List<RunResult> results;
    private final String loadAtStart;
    private final String loadAtEnd;

    Report(Bench.Plan plan, List<RunResult> results, String loadAtStart, String loadAtEnd) {
        this.plan = plan;
        this.results = results;
        this.loadAtStart = loadAtStart;
        this.loadAtEnd = loadAtEnd;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Measured ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(" on ").append(Runtime.getRuntime().availableProcessors()).append(" cores")
                .append(" (load average ").append(loadAtStart).append(" before, ").append(loadAtEnd).append(" after),")
                .append(" load generator on Java ").append(Runtime.version().feature()).append(".\n");
        md.append("Command: `").append(plan.command()).append("`\n\n");
        md.append("Rates %s rps; each run sends %d s before recording %d s; %d rounds after %d s of warm-up per path; "
                .formatted(plan.rates(), plan.leadIn().toSeconds(), plan.duration().toSeconds(), plan.rounds(),
                        plan.warmup().toSeconds()))
                .append(plan.maxThroughput()
                        ? "closed-loop runs keep %d requests in flight.\n\n".formatted(plan.concurrency())
                        : "no closed-loop runs.\n\n");

        md.append("Latency at fixed rates, in ms from when each request was due (median over the rounds):\n\n");
        md.append("| rate (rps) | path | achieved (rps) | p50 | p90 | p99 | max | errors | CPU µs/request | others' CPU |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int rate : plan.rates()) {
            for (String target : List.of("direct", "openloop", "openloop-mock")) {
                List<RunResult> runs = runs(target, rate);
                md.append("| %d | %s | %.1f | %.3f | %.3f | %.3f | %.3f | %d | %.0f | %.0f %% |\n".formatted(rate,
                        label(target), median(runs, RunResult::throughput), median(runs, r -> r.percentileMillis(50)),
                        median(runs, r -> r.percentileMillis(90)), median(runs, r -> r.percentileMillis(99)),
                        median(runs, RunResult::maxMillis), runs.stream().mapToLong(RunResult::errors).sum(),
                        median(runs, RunResult::cpuMicrosPerRequest), 100 * median(runs, r -> r.cpu().othersShare())));
            }
        }

        md.append("\nAdded by OpenLoop, in ms: OpenLoop minus direct in the same round; median [lowest, highest] "
                + "over the rounds; ratio = OpenLoop / direct:\n\n");
        md.append("| rate (rps) | added p50 | added p90 | added p99 | p50 ratio | p99 ratio |\n");
        md.append("|---:|---:|---:|---:|---:|---:|\n");
        for (int rate : plan.rates()) {
            md.append("| %d | %s | %s | %s | %.2f | %.2f |\n".formatted(rate, spread(added(rate, 50)),
                    spread(added(rate, 90)), spread(added(rate, 99)), median(ratio(rate, 50)), median(ratio(rate, 99))));
        }

        if (plan.maxThroughput()) {
            maxThroughput(md);
        }

        if (plan.rates().contains(AIM_RATE)) {
            double p50 = median(added(AIM_RATE, 50));
            double p99 = median(added(AIM_RATE, 99));
            md.append("\nAim at %d rps: added p50 ≤ %.1f ms and added p99 ≤ %.1f ms.\n\n"
                    .formatted(AIM_RATE, AIM_ADDED_P50_MS, AIM_ADDED_P99_MS));
            md.append("- added p50: %.3f ms, %s\n".formatted(p50, verdict(p50, AIM_ADDED_P50_MS)));
            md.append("- added p99: %.3f ms, %s\n".formatted(p99, verdict(p99, AIM_ADDED_P99_MS)));
        }
        return md.toString();
    }

    private void maxThroughput(StringBuilder md) {
        md.append("\nMaximum throughput, closed loop with %d requests in flight (median over the rounds):\n\n"
                .formatted(plan.concurrency()));
        md.append("| path | throughput (rps) | p50 (ms) | p99 (ms) | errors | throughput / stub's | CPU µs/request "
                + "| others' CPU |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        double stub = median(runs("direct", 0), RunResult::throughput);
        for (String target : List.of("direct", "openloop-mock")) {
            List<RunResult> runs = runs(target, 0);
            double throughput = median(runs, RunResult::throughput);
            md.append("| %s | %.0f | %.3f | %.3f | %d | %.3f | %.0f | %.0f %% |\n".formatted(label(target), throughput,
                    median(runs, r -> r.percentileMillis(50)), median(runs, r -> r.percentileMillis(99)),
                    runs.stream().mapToLong(RunResult::errors).sum(), throughput / stub,
                    median(runs, RunResult::cpuMicrosPerRequest), 100 * median(runs, r -> r.cpu().othersShare())));
        }
    }

    private static String verdict(double measured, double aim) {
        return measured <= aim
                ? "met (%.3f ms to spare)".formatted(aim - measured)
                : "missed by %.3f ms (%.1f× the aim)".formatted(measured - aim, measured / aim);
    }

    private static String label(String target) {
        return switch (target) {
            case "direct" -> "upstream stub, direct";
            case "openloop" -> "through OpenLoop";
            case "openloop-mock" -> "OpenLoop, mock provider";
            default -> target;
        };
    }

    /** The runs of one target at one rate (0: closed loop), in round order. */
    private List<RunResult> runs(String target, int rate) {
        return results.stream().filter(r -> r.target().equals(target) && r.rate() == rate)
                .sorted(Comparator.comparingInt(RunResult::round)).toList();
    }

    /** Per round, OpenLoop's percentile minus the direct one, in ms. */
    private List<Double> added(int rate, double percentile) {
        return paired(rate, (viaOpenLoop, direct) -> viaOpenLoop.percentileMillis(percentile)
                - direct.percentileMillis(percentile));
    }

    /** Per round, OpenLoop's percentile over the direct one. */
    private List<Double> ratio(int rate, double percentile) {
        return paired(rate, (viaOpenLoop, direct) -> viaOpenLoop.percentileMillis(percentile)
                / direct.percentileMillis(percentile));
    }

    private interface Comparison {
        double of(RunResult viaOpenLoop, RunResult direct);
    }

    private List<Double> paired(int rate, Comparison comparison) {
        List<Double> values = new ArrayList<>();
        for (RunResult viaOpenLoop : runs("openloop", rate)) {
            runs("direct", rate).stream().filter(d -> d.round() == viaOpenLoop.round()).findFirst()
                    .ifPresent(direct -> values.add(comparison.of(viaOpenLoop, direct)));
        }
        return values;
    }

    static double median(List<RunResult> runs, ToDoubleFunction<RunResult> figure) {
        return median(runs.stream().map(figure::applyAsDouble).toList());
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    static String spread(List<Double> values) {
        if (values.size() < 2) {
            return "%.3f".formatted(median(values));
        }
        double low = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double high = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return "%.3f [%.3f, %.3f]".formatted(median(values), low, high);
    }
}
