import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Memory of an OpenLoop node holding many streamed chats at once: an OpenLoop node started as
 * {@code ./openloop serve} runs it (SQLite in a fresh data directory, the launcher's JVM settings),
 * and this process opens {@code --streams} connections, each a {@code "stream": true} chat on the
 * mock provider told to send {@code --deltas} deltas {@code --delay-ms} apart, all held at once.
 * It reports the node's resident memory idle (after start, before the load), at its peak, and
 * after the load; the node's CPU per stream; how long the streams took against the time the mock
 * alone takes; and checks that every stream ended with its final event and every log is complete.
 *
 * <p>Run through {@code bench/streams/run} (see bench/streams/README.md).
 */
public class StreamsBench {
    private static final String API_KEY = "ol_bench_streams_memory_key";
    /** What the node's RSS is sampled from; VmHWM is the kernel's own peak, so no spike between samples is missed. */
    private static final long SAMPLE_MILLIS = 200;

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        List<Variant> variants = options.variants.isEmpty() ? List.of(new Variant("launcher", true, "")) : options.variants;
        System.err.printf(Locale.ROOT, "bench/streams: %,d streams of %d deltas %d ms apart, %d round(s) of %s%n",
                options.streams, options.deltas, options.delayMillis, options.rounds,
                variants.stream().map(Variant::name).collect(Collectors.joining(", ")));
        List<List<Result>> results = new ArrayList<>();
        variants.forEach(v -> results.add(new ArrayList<>()));
        Instant started = Instant.now();
        for (int round = 1; round <= options.rounds; round++) {
            // Variants take turns within each round, so that what else the machine does falls on all of them.
            for (int v = 0; v < variants.size(); v++) {
                Result result = run(variants.get(v), options);
                System.err.printf(Locale.ROOT, "round %d, %s: %s%n", round, variants.get(v).name, result);
                results.get(v).add(result);
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%,d concurrent streams (mock provider, %d deltas %d ms apart, the shortest possible stream %.1f s),"
                        + " connections opened over %d s, SQLite; started %s; %d cores shared by the node and this load generator;"
                        + " medians of %d round(s):%n%n", options.streams, options.deltas, options.delayMillis,
                (options.deltas - 1) * options.delayMillis / 1000.0, options.rampSeconds, started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                Runtime.getRuntime().availableProcessors(), options.rounds);
        System.out.println("| node | JVM options | idle RSS MB | peak RSS MB (VmHWM) | RSS after load MB | streams held at once"
                + " | streams ended / logs complete | stream time p50 / p99 s | node CPU ms per stream |");
        System.out.println("|---|---|---:|---:|---:|---:|---|---:|---:|");
        for (int v = 0; v < variants.size(); v++) {
            Variant variant = variants.get(v);
            List<Result> rounds = results.get(v);
            System.out.printf(Locale.ROOT, "| %s | `%s` | %.0f | %.0f | %.0f | %,.0f | %s | %.1f / %.1f | %.2f |%n",
                    variant.name, variant.describe(), median(rounds, Result::idleRssMb), median(rounds, Result::peakRssMb),
                    median(rounds, Result::afterRssMb), median(rounds, Result::heldAtOnce),
                    rounds.stream().map(r -> String.format(Locale.ROOT, "%,d / %,d", r.ended, r.logsComplete))
                            .collect(Collectors.joining(", ")),
                    median(rounds, Result::p50Seconds), median(rounds, Result::p99Seconds), median(rounds, Result::cpuMsPerStream));
        }
        System.out.println();
        System.out.println("Every round (idle / peak / after-load RSS MB):");
        for (int v = 0; v < variants.size(); v++) {
            System.out.println("- " + variants.get(v).name + ": " + results.get(v).stream()
                    .map(r -> String.format(Locale.ROOT, "%.0f / %.0f / %.0f", r.idleRssMb, r.peakRssMb, r.afterRssMb))
                    .collect(Collectors.joining("; ")));
        }
        boolean allComplete = results.stream().flatMap(List::stream)
                .allMatch(r -> r.ended == options.streams && r.logsComplete == options.streams);
        if (!allComplete) {
            System.err.println("bench/streams: some streams did not end with their final event, or some logs are not complete");
            System.exit(1);
        }
    }

    private static double median(List<Result> rounds, ToDoubleFunction<Result> figure) {
        double[] values = rounds.stream().mapToDouble(figure).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    /**
     * A way to start the node.
     *
     * @param launcher through {@code ./openloop serve} (its JVM settings, then {@code options}),
     *     or {@code java options -jar} alone: the JVM's own defaults, as the launcher started it before it had settings
     * @param options JVM options: {@code OPENLOOP_JAVA_OPTS} for the launcher
     */
    record Variant(String name, boolean launcher, String options) {
        static Variant parse(String spec, boolean launcher) {
            int equals = spec.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("a variant is NAME=JVM-OPTIONS, not '" + spec + "'");
            }
            return new Variant(spec.substring(0, equals), launcher, spec.substring(equals + 1).strip());
        }

        String describe() {
            return launcher ? "./openloop serve" + (options.isEmpty() ? "" : ", OPENLOOP_JAVA_OPTS=" + options)
                    : "java " + (options.isEmpty() ? "" : options + " ") + "-jar";
        }

        List<String> command(Options bench) {
            if (launcher) {
                return List.of("./openloop", "serve");
            }
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED"));
            if (!options.isEmpty()) {
                command.addAll(Arrays.asList(options.split("\\s+")));
            }
            // Options that name a jar of their own (another build, say main's) run it instead.
            if (!command.contains("-jar")) {
                command.addAll(List.of("-jar", bench.serverJar));
            }
            command.add("serve");
            return command;
        }
    }

    record Result(double idleRssMb, double peakRssMb, double afterRssMb, int heldAtOnce, int ended, long logsComplete,
            double p50Seconds, double p99Seconds, double cpuMsPerStream, int peakThreads) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "idle RSS %.0f MB, peak %.0f MB, after %.0f MB; %,d held at once, %,d ended, %,d logs complete;"
                            + " stream time p50 %.1f s p99 %.1f s; node CPU %.2f ms per stream; %d threads at most",
                    idleRssMb, peakRssMb, afterRssMb, heldAtOnce, ended, logsComplete, p50Seconds, p99Seconds, cpuMsPerStream, peakThreads);
        }
    }

    private static Result run(Variant variant, Options options) throws Exception {
        Path directory = Files.createTempDirectory("openloop-bench-streams");
        int port = freePort();
        ProcessBuilder node = new ProcessBuilder(variant.command(options));
        node.environment().remove("OPENLOOP_DATABASE_URL");
        node.environment().remove("OPENLOOP_CONFIG");
        node.environment().put("OPENLOOP_HOST", "127.0.0.1");
        node.environment().put("OPENLOOP_PORT", String.valueOf(port));
        node.environment().put("OPENLOOP_DATA_DIR", directory.toString());
        node.environment().put("OPENLOOP_API_KEY", API_KEY);
        // The default cap (2,000) answers the rest 503; the streams and a margin are served.
        node.environment().put("OPENLOOP_MAX_CONNECTIONS", String.valueOf(options.streams + 100));
        // Thousands of connections arrive at once on two shared cores: a request whose headers wait
        // longer than the default 10 s to be read is the machine's backlog, not what is measured.
        node.environment().put("OPENLOOP_HEADER_TIMEOUT_MS", "120000");
        if (variant.launcher) {
            node.environment().put("OPENLOOP_JAVA_OPTS", variant.options);
        } else {
            node.environment().remove("OPENLOOP_JAVA_OPTS");
        }
        node.redirectErrorStream(true).redirectOutput(directory.resolve("node.log").toFile());
        Process process = node.start();
        try {
            awaitReady(port, Duration.ofSeconds(120), process);
            Thread.sleep(options.settleSeconds * 1000L);
            Memory idle = Memory.of(process.pid());
            RssSampler sampler = RssSampler.start(process.pid());
            Duration cpuBefore = process.info().totalCpuDuration().orElse(Duration.ZERO);
            Load load = new Load(port, options);
            load.run();
            Duration cpu = process.info().totalCpuDuration().orElse(Duration.ZERO).minus(cpuBefore);
            Thread.sleep(options.afterSeconds * 1000L);
            sampler.stop();
            Memory after = Memory.of(process.pid());
            long complete = completeLogs(directory.resolve("openloop.db"), options.deltas);
            double[] times = load.streamSeconds();
            return new Result(idle.rssKb / 1024.0, after.hwmKb / 1024.0, after.rssKb / 1024.0, load.maxOpen.get(),
                    (int) load.ended.sum(), complete, percentile(times, 0.50), percentile(times, 0.99),
                    cpu.toNanos() / 1e6 / options.streams, Math.max(sampler.maxThreads, after.threads));
        } catch (RuntimeException | IOException e) {
            System.err.println("bench/streams: the node's log is " + directory.resolve("node.log"));
            throw e;
        } finally {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            if (!options.keep) {
                try (Stream<Path> files = Files.walk(directory)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(file);
                    }
                }
            }
        }
    }

    private static double percentile(double[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** Logs whose stream ended as the mock finished it: complete, stopped, with every delta's token. */
    private static long completeLogs(Path database, int deltas) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM logs WHERE status = 'complete'"
                     + " AND finish_reason = 'stop' AND output_tokens = " + deltas)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void awaitReady(int port, Duration limit, Process process) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the node exited with " + process.exitValue() + " before it was ready");
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/readyz").toURL().openConnection();
                connection.setConnectTimeout(1000);
                connection.setReadTimeout(1000);
                if (connection.getResponseCode() == 200) {
                    connection.disconnect();
                    return;
                }
                connection.disconnect();
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the node was not ready within " + limit);
    }

    /** The resident set of a process, its peak so far and its thread count, from /proc/PID/status. */
    record Memory(long rssKb, long hwmKb, int threads) {
        static Memory of(long pid) throws IOException {
            long rss = 0;
            long hwm = 0;
            int threads = 0;
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kilobytes(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kilobytes(line);
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.substring("Threads:".length()).strip());
                }
            }
            return new Memory(rss, hwm, threads);
        }

        private static long kilobytes(String line) {
            return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
    }

    /** Samples the node's threads while the load runs (its RSS peak is the kernel's VmHWM). */
    private static final class RssSampler {
        private final Thread thread;
        private volatile boolean stopped;
        private volatile int maxThreads;

        private RssSampler(long pid) {
            thread = Thread.ofPlatform().daemon().name("rss-sampler").unstarted(() -> {
                while (!stopped) {
                    try {
                        maxThreads = Math.max(maxThreads, Memory.of(pid).threads);
                        Thread.sleep(SAMPLE_MILLIS);
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            });
        }

        static RssSampler start(long pid) {
            RssSampler sampler = new RssSampler(pid);
            sampler.thread.start();
            return sampler;
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.join();
        }
    }

    /**
     * The streams: one virtual thread and one plain socket each, so that the load generator holds
     * 10,000 connections cheaply. Each sends its chat and reads the event stream to its
     * last chunk, counting the events.
     */
    private static final class Load {
        private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
        /** The chunked body's end: the node keeps the connection open after it, whatever the request asked. */
        private static final byte[] LAST_CHUNK = "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        private final int port;
        private final Options options;
        private final byte[] request;
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger maxOpen = new AtomicInteger();
        final LongAdder ended = new LongAdder();
        final LongAdder failed = new LongAdder();
        /** Why streams failed, and how many for each reason. */
        private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        private final long[] streamNanos;

        Load(int port, Options options) {
            this.port = port;
            this.options = options;
            String words = IntStream.range(0, options.deltas).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));
            String body = "{\"project\":\"bench-streams\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
                    + "\"Count to a hundred, one word at a time.\"}],\"model_config\":{\"provider\":\"mock\",\"model\":\"mock-1\","
                    + "\"other\":{\"mock_response\":\"" + words + "\",\"mock_delta_delay_ms\":" + options.delayMillis + "}}}";
            byte[] json = body.getBytes(StandardCharsets.UTF_8);
            String head = "POST /v4/chat HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-API-KEY: " + API_KEY
                    + "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: " + json.length
                    + "\r\n\r\n";
            byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
            request = Arrays.copyOf(headBytes, headBytes.length + json.length);
            System.arraycopy(json, 0, request, headBytes.length, json.length);
            streamNanos = new long[options.streams];
        }

        void run() throws InterruptedException {
            List<Thread> threads = new ArrayList<>(options.streams);
            long start = System.nanoTime();
            long spacing = options.rampSeconds * 1_000_000_000L / Math.max(1, options.streams);
            for (int i = 0; i < options.streams; i++) {
                long due = start + i * spacing;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int index = i;
                threads.add(Thread.ofVirtual().start(() -> stream(index)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
            for (Thread thread : threads) {
                thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
            if (failed.sum() > 0) {
                System.err.printf(Locale.ROOT, "  %,d streams failed or ended without their final event: %s%n", failed.sum(), failures);
            }
        }

        private void fail(String reason) {
            failed.increment();
            failures.computeIfAbsent(reason, r -> new LongAdder()).increment();
        }

        private static boolean endsWith(byte[] bytes, int length, byte[] suffix) {
            return length >= suffix.length && Arrays.equals(bytes, length - suffix.length, length, suffix, 0, suffix.length);
        }

        double[] streamSeconds() {
            return Arrays.stream(streamNanos).filter(n -> n > 0).mapToDouble(n -> n / 1e9).sorted().toArray();
        }

        private void stream(int index) {
            long started = System.nanoTime();
            boolean counted = false;
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 60_000);
                socket.setSoTimeout(300_000);
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[2048];
                byte[] tail = new byte[2048];
                int tailLength = 0;
                int matched = 0;
                int events = 0;
                boolean first = true;
                boolean ok = false;
                String status = "nothing";
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (first) {
                        first = false;
                        status = new String(buffer, 0, Math.min(n, 12), StandardCharsets.US_ASCII);
                        ok = status.equals("HTTP/1.1 200");
                        counted = true;
                        maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                    }
                    for (int i = 0; i < n; i++) {
                        matched = buffer[i] == DATA[matched] ? matched + 1 : buffer[i] == DATA[0] ? 1 : 0;
                        if (matched == DATA.length) {
                            events++;
                            matched = 0;
                        }
                    }
                    if (n >= tail.length) {
                        System.arraycopy(buffer, n - tail.length, tail, 0, tail.length);
                        tailLength = tail.length;
                    } else {
                        int keep = Math.min(tailLength, tail.length - n);
                        System.arraycopy(tail, tailLength - keep, tail, 0, keep);
                        System.arraycopy(buffer, 0, tail, keep, n);
                        tailLength = keep + n;
                    }
                    if (endsWith(tail, tailLength, LAST_CHUNK)) {
                        break;
                    }
                }
                String end = new String(tail, 0, tailLength, StandardCharsets.UTF_8);
                // One event per delta, then the sample's last event with its finish_reason and usage.
                if (ok && events == options.deltas + 1 && end.contains("\"finish_reason\":\"stop\"") && end.contains("\"usage\":{")) {
                    ended.increment();
                    streamNanos[index] = System.nanoTime() - started;
                } else {
                    fail(!ok ? "answered " + status : "ended after " + events + " events");
                }
            } catch (IOException e) {
                fail(e.getClass().getSimpleName() + ": " + e.getMessage());
            } finally {
                if (counted) {
                    open.decrementAndGet();
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record Options(int streams, int deltas, int delayMillis, int rampSeconds, int settleSeconds, int afterSeconds,
            int rounds, List<Variant> variants, String serverJar, boolean keep) {
        static Options parse(String[] args) {
            int streams = 10_000;
            int deltas = 100;
            int delay = 100;
            int ramp = 5;
            int settle = 15;
            int after = 20;
            int rounds = 1;
            boolean keep = false;
            List<Variant> variants = new ArrayList<>();
            String jar = "openloop-server/target/openloop-server.jar";
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--keep")) {
                    keep = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                String value = args[++i];
                switch (args[i - 1]) {
                    case "--streams" -> streams = Integer.parseInt(value);
                    case "--deltas" -> deltas = Integer.parseInt(value);
                    case "--delay-ms" -> delay = Integer.parseInt(value);
                    case "--ramp" -> ramp = Integer.parseInt(value);
                    case "--settle" -> settle = Integer.parseInt(value);
                    case "--after" -> after = Integer.parseInt(value);
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--variant" -> variants.add(Variant.parse(value, true));
                    case "--jvm-defaults-variant" -> variants.add(Variant.parse(value, false));
                    case "--server-jar" -> jar = value;
                    default -> throw new IllegalArgumentException("unknown option " + args[i - 1] + " (see bench/streams/README.md)");
                }
            }
            if (deltas < 1 || streams < 1) {
                throw new IllegalArgumentException("--streams and --deltas must be at least 1");
            }
            return new Options(streams, deltas, delay, ramp, settle, after, rounds, List.copyOf(variants), jar, keep);
        }
    }
}
