package dev.openloop.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads the JFR recording of an OpenLoop node and says where its CPU went, by stage of the request's
 * path: each Java execution sample is charged to the innermost OpenLoop frame on its stack (its
 * callees, libraries included, count with it), or to the HTTP server or the JVM when no OpenLoop
 * frame is there. Also counts how often the log writer thread was caught inside native code (SQLite,
 * its file syncs included), which Java samples cannot see.
 *
 * <p>Usage: {@code ProfileSummary RECORDING.jfr}.
 */
public final class ProfileSummary {
    private static final String SERVER = "dev.openloop.server.";

    /** Stages by class name prefix under {@code dev.openloop.server.}; the longest prefix wins. */
    private static final Map<String, String> STAGES = Map.ofEntries(
            Map.entry("apikey.", "auth: X-API-KEY check"),
            Map.entry("http.ApiKeyFilter", "auth: X-API-KEY check"),
            Map.entry("http.RequestBodies", "request: JSON binding and validation"),
            Map.entry("chat.ChatRequestValidator", "request: JSON binding and validation"),
            Map.entry("chat.ChatPlanner", "plan: project, config, prompt (with their DB reads)"),
            Map.entry("chat.InlineConfigSource", "plan: project, config, prompt (with their DB reads)"),
            Map.entry("chat.TemplateRenderer", "plan: project, config, prompt (with their DB reads)"),
            Map.entry("project.", "plan: project, config, prompt (with their DB reads)"),
            Map.entry("session.", "plan: project, config, prompt (with their DB reads)"),
            Map.entry("modelconfig.", "plan: project, config, prompt (with their DB reads)"),
            Map.entry("chatlog.LogStore", "plan: project, config, prompt (with their DB reads)"),
            Map.entry("provider.openai.", "provider call: OpenAI adapter, HTTP client, answer parsed"),
            Map.entry("provider.http.", "provider call: OpenAI adapter, HTTP client, answer parsed"),
            Map.entry("provider.mock.", "provider call: mock provider"),
            Map.entry("chat.ChatLogs", "logs: records built (JSON columns)"),
            Map.entry("chatlog.LogRecord", "logs: records built (JSON columns)"),
            Map.entry("chatlog.LogWriter", "logs: written by group commit (JDBI, SQLite)"),
            Map.entry("store.GroupCommit", "logs: written by group commit (JDBI, SQLite)"),
            Map.entry("chat.ChatService", "chat flow and answer built"),
            Map.entry("chat.Parallel", "chat flow and answer built"),
            Map.entry("chat.UsageSplit", "chat flow and answer built"),
            Map.entry("chat.ChatResponses", "chat flow and answer built"),
            Map.entry("chat.ChatRoutes", "answer: serialized to JSON and sent"));

    /** Helpers every stage calls; a sample in them is charged to their caller. */
    private static final List<String> HELPERS = List.of("http.Json", "store.Ids", "http.ApiException");

    private ProfileSummary() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, Long> byStage = new HashMap<>();
        Map<String, Long> topMethods = new HashMap<>();
        Map<String, Long> byOpenLoopMethod = new HashMap<>();
        long javaSamples = 0;
        long writerNative = 0;
        long writerJava = 0;
        Map<String, Double> cpuByThread = new HashMap<>();
        long gcCount = 0;
        Duration gcPauses = Duration.ZERO;
        Duration compiling = Duration.ZERO;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            String type = event.getEventType().getName();
            switch (type) {
                case "jdk.ThreadCPULoad" -> {
                    // A share of one core over the sampling period, which is the same for every thread.
                    String name = event.getThread() == null ? "?" : String.valueOf(event.getThread().getJavaName());
                    cpuByThread.merge(name.replaceAll("\\d+", "#"),
                            event.getFloat("user") + (double) event.getFloat("system"), Double::sum);
                }
                case "jdk.GarbageCollection" -> {
                    gcCount++;
                    gcPauses = gcPauses.plus(event.getDuration("sumOfPauses"));
                }
                case "jdk.Compilation" -> compiling = compiling.plus(event.getDuration());
                default -> {
                }
            }
            if (!type.equals("jdk.ExecutionSample") && !type.equals("jdk.NativeMethodSample")) {
                continue;
            }
            String thread = event.getThread("sampledThread") == null ? null : event.getThread("sampledThread").getJavaName();
            boolean writer = thread != null && thread.startsWith("group-commit-");
            if (type.equals("jdk.NativeMethodSample") && writer) {
                writerNative++;
            } else if (type.equals("jdk.ExecutionSample") && event.getStackTrace() != null) {
                javaSamples++;
                writerJava += writer ? 1 : 0;
                byStage.merge(stageOf(event.getStackTrace()), 1L, Long::sum);
                byOpenLoopMethod.merge(innermostOpenLoopMethod(event.getStackTrace()), 1L, Long::sum);
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                if (!frames.isEmpty()) {
                    RecordedFrame top = frames.getFirst();
                    topMethods.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1L, Long::sum);
                }
            }
        }
        System.out.printf("CPU samples of Java code in the OpenLoop node: %d%n%n", javaSamples);
        System.out.println("By stage (a sample counts for the innermost OpenLoop code on its stack):");
        print(byStage, javaSamples, 20);
        System.out.println();
        System.out.println("By innermost OpenLoop method (helpers included, with everything they call):");
        print(byOpenLoopMethod, javaSamples, 25);
        System.out.println();
        System.out.println("Methods on top of the stack (self time):");
        print(topMethods, javaSamples, 25);
        System.out.println();
        System.out.println();
        double threadCpu = cpuByThread.values().stream().mapToDouble(Double::doubleValue).sum();
        System.out.println("CPU by thread, names' digits folded (all of the JVM's threads, JIT and GC included):");
        cpuByThread.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .limit(12)
                .forEach(entry -> System.out.printf("  %5.1f%%  %s%n", 100 * entry.getValue() / threadCpu, entry.getKey()));
        System.out.printf("%nGarbage collections: %d, paused %d ms in all; JIT compilations took %d ms in all%n",
                gcCount, gcPauses.toMillis(), compiling.toMillis());
        long writer = writerJava + writerNative;
        System.out.printf("Log writer thread: %d samples, %d of them in native code (SQLite, file syncs included)%n",
                writer, writerNative);
    }

    private static void print(Map<String, Long> counts, long total, int limit) {
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(limit)
                .forEach(entry -> System.out.printf("  %5.1f%%  %6d  %s%n", 100.0 * entry.getValue() / total,
                        entry.getValue(), entry.getKey()));
    }

    static String innermostOpenLoopMethod(RecordedStackTrace stack) {
        for (RecordedFrame frame : stack.getFrames()) {
            String type = frame.getMethod().getType().getName();
            if (frame.isJavaFrame() && type.startsWith(SERVER)) {
                return type.substring(SERVER.length()) + "." + frame.getMethod().getName();
            }
        }
        return "(no OpenLoop code on the stack)";
    }

    static String stageOf(RecordedStackTrace stack) {
        boolean helidonServer = false;
        boolean helidonClient = false;
        // Frames run from the innermost (top of the stack) outwards.
        for (RecordedFrame frame : stack.getFrames()) {
            if (!frame.isJavaFrame()) {
                continue;
            }
            String type = frame.getMethod().getType().getName();
            if (type.startsWith(SERVER)) {
                String local = type.substring(SERVER.length());
                if (HELPERS.stream().anyMatch(local::startsWith)) {
                    continue;
                }
                if (local.startsWith("http.ApiKeyFilter") && (helidonServer || helidonClient)) {
                    // Under the filter but past chain.proceed(): Helidon's routing, not the key check.
                    return "HTTP server: Helidon (parsing, routing, writing)";
                }
                return STAGES.entrySet().stream()
                        .filter(stage -> local.startsWith(stage.getKey()))
                        .max(Comparator.comparingInt(stage -> stage.getKey().length()))
                        .map(Map.Entry::getValue)
                        .orElse("other OpenLoop code (" + local + ")");
            }
            helidonServer |= type.startsWith("io.helidon.webserver");
            helidonClient |= type.startsWith("io.helidon.webclient");
        }
        if (helidonServer) {
            return "HTTP server: Helidon (parsing, routing, writing)";
        }
        if (helidonClient) {
            return "HTTP client: Helidon, outside a provider call";
        }
        return "other: JVM and libraries outside a request";
    }
}
