package dev.openloop.bench;

import com.sun.tools.attach.VirtualMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The plan behind {@code ./openloop bench --profile}: proxied chats ({@code POST /v4/chat}, provider
 * {@code openai} at the upstream stub) at a fixed rate, with async-profiler recording the node's CPU
 * and heap allocation samples for the measured window only (warm-up and start-up left out).
 *
 * <p>The profiler is loaded into the running node through the JDK's attach mechanism, as its own
 * command-line tool does, so any build of the node can be profiled without options at its start.
 * With a baseline node, each node is profiled in turn at the same rate, the other one idle. Each
 * recording is written as {@code <label>.jfr}; {@code bench/run} turns them into flame graphs.
 */
final class ProfilePlan {
    private ProfilePlan() {
    }

    static void run(Map<String, String> options) throws Exception {
        AimsPlan.Settings settings = AimsPlan.Settings.from(options);
        Path library = Path.of(options.get("profiler-lib")).toAbsolutePath();
        // CPU samples every millisecond (the default 10 ms gives too few in a 30 s window); an
        // allocation sample every 256 KB allocated.
        String events = options.getOrDefault("profiler-events", "event=cpu,interval=1ms,alloc=256k");
        HttpSender sender = new HttpSender();
        List<Target> chats = new ArrayList<>();
        for (AimsPlan.Node node : settings.nodes()) {
            chats.add(Target.viaOpenLoop(node.chat(), settings.apiKey()));
        }
        chats.forEach(chat -> Bench.check(sender, chat));

        Duration none = Duration.ZERO;
        say("warming up, %s per node, nothing recorded".formatted(settings.warmup()));
        FixedRateLoad unmeasured = new FixedRateLoad(sender, new CpuMeter(0, 0));
        for (Target chat : chats) {
            say("  " + unmeasured.run(0, chat, Math.max(1, settings.rate() / 4), none,
                    settings.warmup().dividedBy(3)).describe());
            say("  " + unmeasured.run(0, chat, settings.rate(), none,
                    settings.warmup().minus(settings.warmup().dividedBy(3))).describe());
        }

        Files.createDirectories(settings.out());
        for (int i = 0; i < settings.nodes().size(); i++) {
            AimsPlan.Node node = settings.nodes().get(i);
            // The label names the files; the profiler's options are comma-separated, so no commas or slashes.
            Path recording = settings.out().resolve(node.label().replaceAll("[^A-Za-z0-9._-]", "_") + ".jfr")
                    .toAbsolutePath();
            FixedRateLoad measured = new FixedRateLoad(sender,
                    new CpuMeter(node.pid(), settings.stubPid(), AllocationMeter.attachOrWarn(node.pid())));
            // The lead-in runs before the profiler starts, so the recording holds the steady rate only.
            say("  " + unmeasured.run(0, chats.get(i), settings.rate(), none, settings.leadIn()).describe());
            profiler(node.pid(), library, "start," + events + ",file=" + recording);
            RunResult result = measured.run(1, chats.get(i), settings.rate(), none, settings.duration());
            profiler(node.pid(), library, "stop,file=" + recording);
            say("  %s: %s".formatted(node.label(), result.describe()));
            say("  %s: recorded %s".formatted(node.label(), recording));
        }
    }

    /** Sends one command to the async-profiler agent in the node, loading it on first use. */
    private static void profiler(long pid, Path library, String command) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
        try {
            vm.loadAgentPath(library.toString(), command);
        } finally {
            vm.detach();
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
