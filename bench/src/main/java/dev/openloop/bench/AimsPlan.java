package dev.openloop.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan behind issue 13's aims ({@code ./openloop bench --aims}): a proxied chat
 * ({@code POST /v4/chat}, provider {@code openai} at the upstream stub) against the stub called
 * directly, at one connection (closed loop, one request in flight), at a fixed rate (open loop,
 * 1,000 rps by default) and at 64 connections (closed loop), with the node's CPU time and heap
 * allocation per chat.
 *
 * <p>With a baseline node (a second server jar, {@code --baseline-jar}), both nodes run side by side
 * on their own data directories and are measured in turn, round by round, the order of the two
 * alternating from round to round; each node's runs are paired with a direct run of the stub taken
 * just before or after them. Both codes' figures therefore come from the same hour of the same
 * machine, and a drift of the machine falls on both alike.
 */
final class AimsPlan {
    /** One OpenLoop node under measurement. */
    record Node(String label, URI chat, long pid) {
    }

    record Settings(URI upstream, String apiKey, long stubPid, List<Node> nodes, int rate, int connections,
            Duration warmup, Duration leadIn, Duration duration, int rounds, Path out, String command) {

        static Settings from(Map<String, String> options) {
            List<Node> nodes = new ArrayList<>();
            nodes.add(new Node(options.getOrDefault("label", "tested"),
                    URI.create(Args.required(options, "openloop")).resolve("/v4/chat"),
                    Long.parseLong(Args.required(options, "openloop-pid"))));
            if (options.containsKey("baseline")) {
                nodes.add(new Node(options.getOrDefault("baseline-label", "baseline"),
                        URI.create(options.get("baseline")).resolve("/v4/chat"),
                        Long.parseLong(Args.required(options, "baseline-pid"))));
            }
            return new Settings(URI.create(Args.required(options, "upstream")), Args.required(options, "api-key"),
                    Long.parseLong(options.getOrDefault("upstream-pid", "0")), List.copyOf(nodes),
                    Integer.parseInt(options.getOrDefault("rate", "1000")),
                    Integer.parseInt(options.getOrDefault("connections", "64")),
                    Args.seconds(options.getOrDefault("warmup", "20")), Args.seconds(options.getOrDefault("lead-in", "2")),
                    Args.seconds(options.getOrDefault("duration", "10")),
                    Integer.parseInt(options.getOrDefault("rounds", "3")),
                    Path.of(options.getOrDefault("out", "bench/results")),
                    options.getOrDefault("command", "./openloop bench --aims"));
        }

    }

    private AimsPlan() {
    }

    static void run(Map<String, String> options) throws Exception {
        Settings settings = Settings.from(options);
        String loadAtStart = Bench.loadAverage();
        HttpSender sender = new HttpSender();
        Target direct = Target.direct(settings.upstream(), "sk-bench-not-a-real-key");
        Map<Node, Target> chats = new LinkedHashMap<>();
        Map<Node, AllocationMeter> allocations = new LinkedHashMap<>();
        for (Node node : settings.nodes()) {
            chats.put(node, Target.viaOpenLoop(node.chat(), settings.apiKey()));
            allocations.put(node, AllocationMeter.attachOrWarn(node.pid()));
        }
        Bench.check(sender, direct);
        chats.values().forEach(chat -> Bench.check(sender, chat));

        Map<Node, List<RunResult>> results = new LinkedHashMap<>();
        Duration none = Duration.ZERO;
        say("warming up, %s per path, nothing recorded".formatted(settings.warmup()));
        List<Target> warmed = new ArrayList<>(List.of(direct));
        warmed.addAll(chats.values());
        FixedRateLoad unmeasured = new FixedRateLoad(sender, new CpuMeter(0, 0));
        for (Target target : warmed) {
            say("  " + unmeasured.run(0, target, Math.max(1, settings.rate() / 4), none,
                    settings.warmup().dividedBy(3)).describe());
            say("  " + unmeasured.run(0, target, settings.rate(), none,
                    settings.warmup().minus(settings.warmup().dividedBy(3))).describe());
        }

        for (int round = 1; round <= settings.rounds(); round++) {
            say("round %d of %d".formatted(round, settings.rounds()));
            List<Node> order = new ArrayList<>(settings.nodes());
            if (round % 2 == 0) {
                order = order.reversed();
            }
            for (Node node : order) {
                CpuMeter meter = new CpuMeter(node.pid(), settings.stubPid(), allocations.get(node));
                FixedRateLoad fixedRate = new FixedRateLoad(sender, meter);
                ClosedLoopLoad closedLoop = new ClosedLoopLoad(sender, meter);
                List<RunResult> runs = results.computeIfAbsent(node, n -> new ArrayList<>());
                // Alternating which of the pair goes first cancels a drift within the round.
                List<Target> pair = round % 2 == 1 ? List.of(direct, chats.get(node)) : List.of(chats.get(node), direct);
                for (Target target : pair) {
                    runs.add(closedLoop.run(round, target, 1, settings.leadIn(), settings.duration()));
                    say("  %s: %s".formatted(node.label(), runs.getLast().describe()));
                }
                for (Target target : pair) {
                    runs.add(fixedRate.run(round, target, settings.rate(), settings.leadIn(), settings.duration()));
                    say("  %s: %s".formatted(node.label(), runs.getLast().describe()));
                }
                for (Target target : pair) {
                    runs.add(closedLoop.run(round, target, settings.connections(), settings.leadIn(),
                            settings.duration()));
                    say("  %s: %s".formatted(node.label(), runs.getLast().describe()));
                }
            }
        }
        allocations.values().stream().filter(java.util.Objects::nonNull).forEach(AllocationMeter::close);

        Files.createDirectories(settings.out());
        List<String> csv = new ArrayList<>();
        csv.add("node," + RunResult.CSV_HEADER);
        results.forEach((node, runs) -> runs.forEach(run -> csv.add(node.label() + "," + run.csvLine())));
        Files.write(settings.out().resolve("runs.csv"), csv);
        String summary = new AimsReport(settings, results, loadAtStart, Bench.loadAverage()).markdown();
        Files.writeString(settings.out().resolve("summary.md"), summary);
        System.out.println();
        System.out.println(summary);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
