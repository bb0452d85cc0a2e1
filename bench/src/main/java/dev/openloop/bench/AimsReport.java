package dev.openloop.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The Markdown summary of the aims plan: per node, what a proxied chat costs and adds against the
 * stub called directly in the same round, and the table "against the aims" with each aim's verdict
 * and distance. Every figure is the median over the rounds; spreads are [lowest, highest round].
 */
final class AimsReport {
    private static final double AIM_CPU_MICROS = 150;
    private static final double AIM_BYTES = 16 * 1024;
    private static final double AIM_ONE_CONNECTION_ADDED_P50_MS = 0.3;
    private static final double AIM_RATE_ADDED_P50_MS = 0.5;
    private static final double AIM_RATE_ADDED_P99_MS = 3.0;
    private static final double AIM_THROUGHPUT_SHARE = 0.5;
    private static final double AIM_CONNECTIONS_P99_MS = 10.0;

    private final AimsPlan.Settings settings;
    private final Map<AimsPlan.Node, List<RunResult>> results;
    private final String loadAtStart;
    private final String loadAtEnd;

    AimsReport(AimsPlan.Settings settings, Map<AimsPlan.Node, List<RunResult>> results, String loadAtStart,
            String loadAtEnd) {
        this.settings = settings;
        this.results = results;
        this.loadAtStart = loadAtStart;
        this.loadAtEnd = loadAtEnd;
    }

    /**
     * One aim: its wording, how a node's figure is taken, whether smaller is better, and the load
     * (rate, or 0 and the connections) whose runs it comes from, whose errors are shown beside it.
     */
    private record Aim(String name, double bound, boolean atMost, String unit, ToDoubleFunction<AimsPlan.Node> figure,
            int rate, int concurrency) {
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Measured ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(" on ").append(Runtime.getRuntime().availableProcessors()).append(" cores")
                .append(" (load average ").append(loadAtStart).append(" before, ").append(loadAtEnd).append(" after).\n");
        md.append("Command: `").append(settings.command()).append("`\n\n");
        md.append(("Proxied chat: `POST /v4/chat`, provider `openai` at the upstream stub, logs recorded (SQLite, a "
                + "fresh data directory per node); direct: the same chat sent to the stub. Each run sends %d s before "
                + "recording %d s; %d rounds after %d s of warm-up per path; nodes: %s.\n\n")
                .formatted(settings.leadIn().toSeconds(), settings.duration().toSeconds(), settings.rounds(),
                        settings.warmup().toSeconds(),
                        String.join(", ", settings.nodes().stream().map(n -> "`" + n.label() + "`").toList())));

        List<Aim> aims = List.of(
                new Aim("CPU per proxied chat (node, %d connections)".formatted(settings.connections()),
                        AIM_CPU_MICROS, true, "µs", node -> Report.median(runs(node, "openloop", 0, settings.connections()),
                                RunResult::cpuMicrosPerRequest), 0, settings.connections()),
                new Aim("heap allocated per proxied chat (node, %d connections)".formatted(settings.connections()),
                        AIM_BYTES, true, "B", node -> Report.median(runs(node, "openloop", 0, settings.connections()),
                                RunResult::bytesPerRequest), 0, settings.connections()),
                new Aim("added p50, one connection", AIM_ONE_CONNECTION_ADDED_P50_MS, true, "ms",
                        node -> Report.median(added(node, 0, 1, 50)), 0, 1),
                new Aim("added p50 at %d rps".formatted(settings.rate()), AIM_RATE_ADDED_P50_MS, true, "ms",
                        node -> Report.median(added(node, settings.rate(), 0, 50)), settings.rate(), 0),
                new Aim("added p99 at %d rps".formatted(settings.rate()), AIM_RATE_ADDED_P99_MS, true, "ms",
                        node -> Report.median(added(node, settings.rate(), 0, 99)), settings.rate(), 0),
                new Aim("throughput at %d connections, share of direct".formatted(settings.connections()),
                        AIM_THROUGHPUT_SHARE, false, "", node -> Report.median(throughputShare(node)), 0,
                        settings.connections()),
                new Aim("p99 at %d connections, through OpenLoop".formatted(settings.connections()),
                        AIM_CONNECTIONS_P99_MS, true, "ms",
                        node -> Report.median(runs(node, "openloop", 0, settings.connections()), r -> r.percentileMillis(99)),
                        0, settings.connections()));

        md.append("Against the aims (medians over the rounds):\n\n| aim | bound |");
        settings.nodes().forEach(node -> md.append(" `").append(node.label()).append("` | met? |"));
        md.append("\n|---|---:|");
        settings.nodes().forEach(node -> md.append("---:|---|"));
        md.append("\n");
        for (Aim aim : aims) {
            md.append("| ").append(aim.name()).append(" | ").append(aim.atMost() ? "≤ " : "≥ ")
                    .append(format(aim.bound(), aim.unit())).append(" |");
            for (AimsPlan.Node node : settings.nodes()) {
                double measured = aim.figure().applyAsDouble(node);
                long errors = runs(node, "openloop", aim.rate(), aim.concurrency()).stream()
                        .mapToLong(RunResult::errors).sum();
                md.append(' ').append(format(measured, aim.unit())).append(" | ").append(verdict(aim, measured))
                        .append(errors > 0 ? " (%,d failed requests in these runs)".formatted(errors) : "").append(" |");
            }
            md.append("\n");
        }
        md.append("\nThe allocation aim excludes the bodies themselves; the figure above includes them (a "
                + "request of about 400 bytes and an answer of about 1 KB, each held and copied a few times), so "
                + "it is an upper bound of the aim's measure. CPU and allocation per chat are taken with the node kept "
                + "busy (closed loop); at a fixed rate (in the table below) they also include what the node spends "
                + "between requests (timers, the JIT). Where requests failed (a node that fell behind answers 502/503 once its provider "
                + "calls time out and the breaker opens), the per-chat figures count the failed requests too and are "
                + "not comparable.\n");

        for (AimsPlan.Node node : settings.nodes()) {
            node(md, node);
        }
        return md.toString();
    }

    private void node(StringBuilder md, AimsPlan.Node node) {
        md.append("\n### `").append(node.label()).append("`\n\n");
        md.append("| load | direct p50 / p99 (ms) | through OpenLoop p50 / p99 (ms) | added p50 (ms) | added p99 (ms) "
                + "| throughput direct / OpenLoop (rps) | node CPU µs/chat | node B/chat | errors | others' CPU |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        row(md, node, "1 connection, closed loop", 0, 1);
        row(md, node, "%d rps, open loop".formatted(settings.rate()), settings.rate(), 0);
        row(md, node, "%d connections, closed loop".formatted(settings.connections()), 0, settings.connections());
        md.append("\nAt %d connections OpenLoop's throughput is %s of the direct stub's (per round: %s).\n"
                .formatted(settings.connections(), percent(Report.median(throughputShare(node))),
                        String.join(", ", throughputShare(node).stream().map(AimsReport::percent).toList())));
    }

    private void row(StringBuilder md, AimsPlan.Node node, String load, int rate, int concurrency) {
        List<RunResult> direct = runs(node, "direct", rate, concurrency);
        List<RunResult> chat = runs(node, "openloop", rate, concurrency);
        List<RunResult> all = new ArrayList<>(direct);
        all.addAll(chat);
        md.append("| %s | %.3f / %.3f | %.3f / %.3f | %s | %s | %.0f / %.0f | %.0f | %,.0f | %d | %.0f %% |\n".formatted(
                load, Report.median(direct, r -> r.percentileMillis(50)), Report.median(direct, r -> r.percentileMillis(99)),
                Report.median(chat, r -> r.percentileMillis(50)), Report.median(chat, r -> r.percentileMillis(99)),
                Report.spread(added(node, rate, concurrency, 50)), Report.spread(added(node, rate, concurrency, 99)),
                Report.median(direct, RunResult::throughput), Report.median(chat, RunResult::throughput),
                Report.median(chat, RunResult::cpuMicrosPerRequest), Report.median(chat, RunResult::bytesPerRequest),
                all.stream().mapToLong(RunResult::errors).sum(), 100 * Report.median(all, r -> r.cpu().othersShare())));
    }

    private static String verdict(Aim aim, double measured) {
        if (Double.isNaN(measured)) {
            return "not measured";
        }
        boolean met = aim.atMost() ? measured <= aim.bound() : measured >= aim.bound();
        double distance = Math.abs(measured - aim.bound());
        double factor = aim.atMost() ? measured / aim.bound() : aim.bound() / measured;
        String by = aim.unit().isEmpty() ? "%.1f points".formatted(distance * 100) : format(distance, aim.unit());
        return met ? "met, %s to spare".formatted(by) : "**missed** by %s (%.1f×)".formatted(by, factor);
    }

    private static String format(double value, String unit) {
        return switch (unit) {
            case "" -> percent(value);
            case "ms" -> "%.3f ms".formatted(value);
            case "B" -> "%,.0f B".formatted(value);
            default -> "%.0f %s".formatted(value, unit);
        };
    }

    private static String percent(double share) {
        return "%.1f %%".formatted(share * 100);
    }

    /** A node's runs of one target at one load (rate 0: closed loop), in round order. */
    private List<RunResult> runs(AimsPlan.Node node, String target, int rate, int concurrency) {
        return results.getOrDefault(node, List.of()).stream()
                .filter(r -> r.target().equals(target) && r.rate() == rate && r.concurrency() == concurrency)
                .sorted(Comparator.comparingInt(RunResult::round)).toList();
    }

    /** Per round, OpenLoop's percentile minus the direct one's, in ms. */
    private List<Double> added(AimsPlan.Node node, int rate, int concurrency, double percentile) {
        return paired(node, rate, concurrency,
                (chat, direct) -> chat.percentileMillis(percentile) - direct.percentileMillis(percentile));
    }

    /** Per round, OpenLoop's throughput over the direct stub's. */
    private List<Double> throughputShare(AimsPlan.Node node) {
        return paired(node, 0, settings.connections(), (chat, direct) -> chat.throughput() / direct.throughput());
    }

    private interface Comparison {
        double of(RunResult chat, RunResult direct);
    }

    private List<Double> paired(AimsPlan.Node node, int rate, int concurrency, Comparison comparison) {
        List<Double> values = new ArrayList<>();
        List<RunResult> direct = runs(node, "direct", rate, concurrency);
        for (RunResult chat : runs(node, "openloop", rate, concurrency)) {
            direct.stream().filter(d -> d.round() == chat.round()).findFirst()
                    .ifPresent(d -> values.add(comparison.of(chat, d)));
        }
        return values;
    }
}
