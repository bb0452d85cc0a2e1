import com.sun.management.OperatingSystemMXBean;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * {@code POST /v4/chat} throughput on the mock provider, on SQLite and on PostgreSQL: an OpenLoop
 * node started as {@code ./openloop serve} runs it (a process of its own, on a fresh database),
 * and a closed loop of clients in this process sending chats as fast as answers come back. Every
 * answer waits for its log's commit, so this is the rate at which answered chats are logged.
 *
 * <p>Run through {@code bench/logs/run} (see bench/logs/README.md).
 */
public class ChatThroughputBench {
    private static final String API_KEY = "ol_bench_chat_throughput_key";
    private static final String WHOLE = """
            {"project":"bench","messages":[{"role":"system","content":"You are a concise assistant."},\
            {"role":"user","content":"What is the best month to visit Lisbon for warm weather and few tourists?"}],\
            "model_config":{"provider":"mock","model":"mock-1","temperature":0.7}}""";
    private static final String STREAMED = WHOLE.replace("{\"project\":\"bench\",", "{\"project\":\"bench\",\"stream\":true,");

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        List<String> lines = new ArrayList<>();
        lines.add("| store | mode | clients | chats/s (median of " + options.rounds + ") | every round | node CPU µs per chat |");
        lines.add("|---|---|---:|---:|---|---:|");
        for (String store : options.stores) {
            lines.addAll(run(store, options));
        }
        System.out.println();
        System.out.println("POST /v4/chat on the mock provider, " + options.clients + " clients, warm-up "
                + options.warmupSeconds + " s, " + options.rounds + " rounds of " + options.durationSeconds + " s per mode, "
                + Runtime.getRuntime().availableProcessors() + " cores shared by the node, its database and the clients:");
        System.out.println();
        lines.forEach(System.out::println);
    }

    private static List<String> run(String store, Options options) throws Exception {
        Path directory = Files.createTempDirectory("openloop-bench-chat");
        String postgresName = null;
        int port = freePort();
        ProcessBuilder node = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", options.serverJar);
        node.environment().remove("OPENLOOP_DATABASE_URL");
        node.environment().put("OPENLOOP_PORT", String.valueOf(port));
        node.environment().put("OPENLOOP_DATA_DIR", directory.toString());
        node.environment().put("OPENLOOP_API_KEY", API_KEY);
        if (store.equals("postgresql")) {
            postgresName = "openloop_bench_" + System.currentTimeMillis() / 1000 + "_" + Long.toString(System.nanoTime(), 36);
            execute(options.postgresAdminUrl, "CREATE DATABASE " + postgresName);
            node.environment().put("OPENLOOP_DATABASE_URL",
                    options.postgresAdminUrl.replaceFirst("(jdbc:postgresql://[^/?]*/)[^?]*", "$1" + postgresName));
        }
        node.redirectErrorStream(true).redirectOutput(directory.resolve("node.log").toFile());
        Process process = node.start();
        try {
            Load load = new Load("http://127.0.0.1:" + port + "/v4/chat");
            load.awaitAnswer(Duration.ofSeconds(60));
            List<String> lines = new ArrayList<>();
            for (String mode : options.modes) {
                String body = mode.equals("stream") ? STREAMED : WHOLE;
                System.err.printf("%s %s: warming up for %d s%n", store, mode, options.warmupSeconds);
                load.run(body, options.clients, options.warmupSeconds, process);
                List<double[]> rounds = new ArrayList<>();
                for (int round = 1; round <= options.rounds; round++) {
                    double[] result = load.run(body, options.clients, options.durationSeconds, process);
                    System.err.printf(Locale.ROOT, "%s %s: round %d: %,.0f chats/s, node %.0f µs CPU per chat%n", store, mode,
                            round, result[0], result[1]);
                    rounds.add(result);
                }
                List<double[]> sorted = rounds.stream().sorted(Comparator.comparingDouble(r -> r[0])).toList();
                double[] median = sorted.get(sorted.size() / 2);
                lines.add(String.format(Locale.ROOT, "| %s | %s | %d | %,.0f | %s | %.0f |", store, mode, options.clients, median[0],
                        String.join(", ", rounds.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r[0])).toList()),
                        median[1]));
            }
            return lines;
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            if (postgresName != null) {
                execute(options.postgresAdminUrl, "DROP DATABASE IF EXISTS " + postgresName + " WITH (FORCE)");
            }
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** A closed loop: each client sends its next chat as soon as the last one is answered. */
    private record Load(String uri, WebClient client) {
        Load(String uri) {
            this(uri, WebClient.builder().keepAlive(true).connectTimeout(Duration.ofSeconds(5))
                    .readTimeout(Duration.ofSeconds(60)).build());
        }

        void awaitAnswer(Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < deadline) {
                if (send(WHOLE) == 200) {
                    return;
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("the node did not answer a chat within " + limit);
        }

        /** Runs for {@code seconds}: chats answered per second, and the node's CPU µs per chat. */
        double[] run(String body, int clients, int seconds, Process node) throws InterruptedException {
            LongAdder answered = new LongAdder();
            LongAdder failed = new LongAdder();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            Duration cpuBefore = node.info().totalCpuDuration().orElse(Duration.ZERO);
            long started = System.nanoTime();
            List<Thread> threads = new ArrayList<>(clients);
            for (int i = 0; i < clients; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    while (System.nanoTime() < end) {
                        (send(body) == 200 ? answered : failed).increment();
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            Duration cpu = node.info().totalCpuDuration().orElse(Duration.ZERO).minus(cpuBefore);
            if (failed.sum() > 0) {
                System.err.println("  " + failed.sum() + " chats failed");
            }
            return new double[] {answered.sum() / elapsed, cpu.toNanos() / 1e3 / Math.max(1, answered.sum())};
        }

        int send(String body) {
            try (HttpClientResponse response = client.post(uri).header(io.helidon.http.HeaderNames.create("X-API-KEY"), API_KEY)
                    .header(io.helidon.http.HeaderNames.CONTENT_TYPE, "application/json").submit(body)) {
                try (InputStream answer = response.inputStream()) {
                    answer.readAllBytes();
                }
                return response.status().code();
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void execute(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private record Options(List<String> stores, List<String> modes, int clients, int warmupSeconds, int durationSeconds,
            int rounds, String serverJar, String postgresAdminUrl) {
        static Options parse(String[] args) {
            List<String> stores = List.of("sqlite", "postgresql");
            List<String> modes = List.of("whole", "stream");
            int clients = 64;
            int warmup = 20;
            int duration = 20;
            int rounds = 3;
            String jar = "openloop-server/target/openloop-server.jar";
            String admin = System.getenv().getOrDefault("OPENLOOP_BENCH_POSTGRES_URL",
                    "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--stores" -> stores = List.of(value.split(","));
                    case "--modes" -> modes = List.of(value.split(","));
                    case "--clients" -> clients = Integer.parseInt(value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--duration" -> duration = Integer.parseInt(value);
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--server-jar" -> jar = value;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(stores, modes, clients, warmup, duration, rounds, jar, admin);
        }
    }
}
