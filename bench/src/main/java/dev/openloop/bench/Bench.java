package dev.openloop.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The load generator's plan: checks each target once, warms every path up, then repeats rounds of
 * measurements and writes the summary.
 *
 * <p>Each round measures, at each fixed rate, the upstream called directly and the same chat sent
 * through OpenLoop, back to back (alternating which goes first), so both see the same machine, and
 * OpenLoop on its mock provider (no upstream hop); then the maximum throughput of the upstream
 * alone and of OpenLoop on its mock provider. The
 * summary reports medians over the rounds and OpenLoop's figures against the baseline measured in
 * the same round.
 *
 * <p>It is started by {@code bench/run}, which starts the upstream stub and OpenLoop first; see
 * {@code bench/README.md} for the options.
 */
public final class Bench {
    private Bench() {
    }

    /**
     * What to run.
     *
     * @param upstream the stub's chat completions URL
     * @param openLoop OpenLoop's base URL
     * @param apiKey the key OpenLoop accepts
     * @param openLoopPid the OpenLoop node's process, for its CPU time; 0 when unknown
     * @param stubPid the upstream stub's process, for its CPU time; 0 when unknown
     * @param rates the fixed rates, requests per second
     * @param warmup how long each path is warmed up before anything is measured
     * @param leadIn how long each run sends before it starts recording
     * @param duration how long each run records
     * @param rounds how many times the measurements are repeated
     * @param concurrency requests in flight in the closed-loop runs
     * @param maxThroughput whether to run the closed-loop runs (and the mock provider's warm-up)
     * @param out where the summary and the raw figures go
     * @param command the command line to print in the summary
     */
    record Plan(URI upstream, URI openLoop, String apiKey, long openLoopPid, long stubPid, List<Integer> rates, Duration warmup, Duration leadIn,
            Duration duration, int rounds, int concurrency, boolean maxThroughput, Path out, String command) {

        static Plan from(Map<String, String> options) {
            return new Plan(
                    URI.create(Args.required(options, "upstream")),
                    URI.create(Args.required(options, "openloop")),
                    Args.required(options, "api-key"),
                    Long.parseLong(options.getOrDefault("openloop-pid", "0")),
                    Long.parseLong(options.getOrDefault("upstream-pid", "0")),
                    Arrays.stream(options.getOrDefault("rates", "250,500,1000").split(","))
                            .map(String::strip).map(Integer::parseInt).toList(),
                    Args.seconds(options.getOrDefault("warmup", "20")),
                    Args.seconds(options.getOrDefault("lead-in", "3")),
                    Args.seconds(options.getOrDefault("duration", "20")),
                    Integer.parseInt(options.getOrDefault("rounds", "3")),
                    Integer.parseInt(options.getOrDefault("concurrency", "32")),
                    !options.getOrDefault("max-throughput", "yes").equals("no"),
                    Path.of(options.getOrDefault("out", "bench/results")),
                    options.getOrDefault("command", "./openloop bench"));
        }


        int topRate() {
            return rates.stream().mapToInt(Integer::intValue).max().orElseThrow();
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Args.parse(args);
        switch (options.getOrDefault("plan", "full")) {
            case "aims" -> AimsPlan.run(options);
            case "profile" -> ProfilePlan.run(options);
            default -> fullPlan(options);
        }
        System.exit(0); // without waiting for the threads that watch the HTTP client's idle connections
    }

    private static void fullPlan(Map<String, String> options) throws Exception {
        options.remove("plan");
        Plan plan = Plan.from(options);
        String loadAtStart = loadAverage();
        URI chat = plan.openLoop().resolve("/v4/chat");
        Target direct = Target.direct(plan.upstream(), "sk-bench-not-a-real-key");
        Target viaOpenLoop = Target.viaOpenLoop(chat, plan.apiKey());
        Target mock = Target.mock(chat, plan.apiKey());

        HttpSender sender = new HttpSender();
        for (Target target : List.of(direct, viaOpenLoop, mock)) {
            check(sender, target);
        }
        CpuMeter cpuMeter = new CpuMeter(plan.openLoopPid(), plan.stubPid());
        FixedRateLoad fixedRate = new FixedRateLoad(sender, cpuMeter);
        ClosedLoopLoad closedLoop = new ClosedLoopLoad(sender, cpuMeter);

        say("warming up, %s per path, nothing recorded".formatted(plan.warmup()));
        Duration none = Duration.ZERO;
        for (Target target : List.of(direct, viaOpenLoop, mock)) {
            // A third of the time at a quarter of the rate first: a cold node cannot keep up with the
            // full rate, and the queue it would build opens hundreds of connections that would then
            // sit in both sides' connection caches through the measurements.
            say("  " + fixedRate.run(0, target, Math.max(1, plan.topRate() / 4), none, plan.warmup().dividedBy(3))
                    .describe());
            say("  " + fixedRate.run(0, target, plan.topRate(), none, plan.warmup().minus(plan.warmup().dividedBy(3)))
                    .describe());
        }

        List<RunResult> results = new ArrayList<>();
        for (int round = 1; round <= plan.rounds(); round++) {
            say("round %d of %d".formatted(round, plan.rounds()));
            // Alternating the order cancels a drift of the machine (another tenant, a growing
            // database) between the two sides of a comparison.
            List<Target> pair = round % 2 == 1 ? List.of(direct, viaOpenLoop) : List.of(viaOpenLoop, direct);
            for (int rate : plan.rates()) {
                for (Target target : pair) {
                    results.add(fixedRate.run(round, target, rate, plan.leadIn(), plan.duration()));
                    say("  " + results.getLast().describe());
                }
                results.add(fixedRate.run(round, mock, rate, plan.leadIn(), plan.duration()));
                say("  " + results.getLast().describe());
            }
            for (Target target : plan.maxThroughput() ? List.of(direct, mock) : List.<Target>of()) {
                results.add(closedLoop.run(round, target, plan.concurrency(), plan.leadIn(), plan.duration()));
                say("  " + results.getLast().describe());
            }
        }

        Files.createDirectories(plan.out());
        List<String> csv = new ArrayList<>();
        csv.add(RunResult.CSV_HEADER);
        results.forEach(result -> csv.add(result.csvLine()));
        Files.write(plan.out().resolve("runs.csv"), csv);
        String summary = new Report(plan, results, loadAtStart, loadAverage()).markdown();
        Files.writeString(plan.out().resolve("summary.md"), summary);
        System.out.println();
        System.out.println(summary);
    }

    static void check(HttpSender sender, Target target) {
        String answer;
        try {
            answer = sender.sendForText(target);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the " + target.name() + " target at " + target.uri()
                    + " cannot be reached: " + e.getMessage(), e);
        }
        if (!answer.startsWith("200 ") || !answer.contains(target.expectedInAnswer())) {
            throw new IllegalStateException("the " + target.name() + " target does not answer as expected; it said: "
                    + answer);
        }
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
