import dev.openloop.server.chatlog.LogCompletion;
import dev.openloop.server.chatlog.LogCost;
import dev.openloop.server.chatlog.LogRecord;
import dev.openloop.server.chatlog.LogWriter;
import dev.openloop.server.store.Database;
import dev.openloop.server.store.Dialect;
import dev.openloop.server.store.Ids;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Sustained log writes per second through OpenLoop's {@code LogWriter} (group commit), on SQLite
 * and on PostgreSQL, with durable commits: SQLite in WAL mode with synchronous=FULL, PostgreSQL
 * with synchronous_commit on.
 *
 * <p>Many clients write at once, each as a request does: it hands the writer one log row and waits
 * until the commit that holds it is done, then writes the next. Rows are about 1.5 KB, the size of a
 * short chat with its provider request and response. What is counted is rows committed per second.
 *
 * <p>Run through {@code bench/logs/run} (see bench/logs/README.md).
 */
public class LogWriteBench {
    private static final String MESSAGES = """
            [{"role":"system","content":"You are a concise assistant for a travel agency. Answer in two sentences."},\
            {"role":"user","content":"What is the best month to visit Lisbon if I want warm weather but fewer tourists?"}]""";
    private static final String OUTPUT = "Late September is ideal: the sea is still warm, days are around 26 °C, and the summer"
            + " crowds have gone home. Early June is a close second, before the school holidays begin.";
    private static final String PROVIDER_REQUEST = """
            {"model":"gpt-4o-mini","messages":%s,"max_tokens":200,"temperature":0.7,"top_p":1,"presence_penalty":0,\
            "frequency_penalty":0,"user":"traveller-42"}""".formatted(MESSAGES);
    private static final String PROVIDER_RESPONSE = """
            {"id":"chatcmpl-9x8y7z6w5v4u3t2s1r0q","object":"chat.completion","created":1732500000,"model":"gpt-4o-mini-2024-07-18",\
            "choices":[{"index":0,"message":{"role":"assistant","content":"%s","refusal":null},"logprobs":null,"finish_reason":"stop"}],\
            "usage":{"prompt_tokens":41,"completion_tokens":38,"total_tokens":79},"system_fingerprint":"fp_0123456789"}"""
            .formatted(OUTPUT);
    /** What the chat cost, as a priced answer records it. */
    private static final LogCost COST = new LogCost(0, 0, 0, 28_950_000L, false);
    private static final String OUTPUT_MESSAGE = """
            {"role":"assistant","content":"%s"}""".formatted(OUTPUT);

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        List<String> lines = new ArrayList<>();
        lines.add("| store | durability | mode | clients | logs/s (median of " + options.rounds
                + ") | every round | CPU µs per log, this process | CPU µs per log, PostgreSQL backends |");
        lines.add("|---|---|---|---:|---:|---|---:|---:|");
        for (String store : options.stores) {
            for (String mode : options.modes) {
                lines.add(run(store, mode, options));
            }
        }
        System.out.println();
        System.out.println("Log writes, " + options.clients + " clients, rows of about " + rowBytes() + " bytes, warm-up "
                + options.warmupSeconds + " s, " + options.rounds + " rounds of " + options.durationSeconds + " s, "
                + Runtime.getRuntime().availableProcessors() + " cores:");
        System.out.println();
        lines.forEach(System.out::println);
    }

    private static String run(String store, String mode, Options options) throws Exception {
        try (BenchDatabase target = BenchDatabase.create(store, options.postgresAdminUrl)) {
            Database database = Database.open(target.jdbcUrl(), options.poolSize, options.sqliteSync);
            try {
                String projectId = Ids.next("pr_");
                String configId = "config_bench";
                database.jdbi().useHandle(h -> {
                    h.execute("INSERT INTO projects (id, name, created_at, updated_at) VALUES (?, 'bench', 0, 0)", projectId);
                    h.execute("INSERT INTO model_configs (id, body, created_at) VALUES (?, '{}', 0)", configId);
                });
                String durability = durability(database);
                LogWriter writer = new LogWriter(database.jdbi(), database.dialect());
                try {
                    Load load = new Load(writer, projectId, configId, mode.equals("stream"), serverCpu(database));
                    System.err.printf("%s %s: warming up for %d s%n", store, mode, options.warmupSeconds);
                    load.run(options.clients, options.warmupSeconds);
                    List<Result> results = new ArrayList<>();
                    for (int round = 1; round <= options.rounds; round++) {
                        Result result = load.run(options.clients, options.durationSeconds);
                        System.err.printf(Locale.ROOT, "%s %s: round %d: %,.0f logs/s, %.1f µs CPU per log, %.1f µs in PostgreSQL%n",
                                store, mode, round, result.logsPerSecond(), result.cpuMicrosPerLog(), result.serverCpuMicrosPerLog());
                        results.add(result);
                    }
                    if (database.dialect() == Dialect.POSTGRESQL) {
                        // Whether completions were HOT updates (no index touched), as the server counted them.
                        database.jdbi().useHandle(h -> System.err.println(store + " " + mode + ": " + h.createQuery("""
                                SELECT 'logs: ' || n_tup_upd || ' updates, ' || n_tup_hot_upd || ' of them HOT'
                                FROM pg_stat_user_tables WHERE relname = 'logs'""").mapTo(String.class).one()));
                    }
                    List<Result> sorted = results.stream().sorted(Comparator.comparingDouble(Result::logsPerSecond)).toList();
                    Result median = sorted.get(sorted.size() / 2);
                    return String.format(Locale.ROOT, "| %s | %s | %s | %d | %,.0f | %s | %.1f | %s |", store, durability, mode,
                            options.clients,
                            median.logsPerSecond(), String.join(", ", results.stream()
                                    .map(r -> String.format(Locale.ROOT, "%,.0f", r.logsPerSecond())).toList()),
                            median.cpuMicrosPerLog(), Double.isNaN(median.serverCpuMicrosPerLog()) ? "–"
                                    : String.format(Locale.ROOT, "%.1f", median.serverCpuMicrosPerLog()));
                } finally {
                    writer.close();
                }
            } finally {
                database.close();
            }
        }
    }

    /** The setting that makes a commit durable, as the connection reports it. */
    private static String durability(Database database) {
        return database.jdbi().withHandle(h -> switch (database.dialect()) {
            case SQLITE -> "synchronous=" + List.of("OFF", "NORMAL", "FULL", "EXTRA")
                    .get(h.createQuery("PRAGMA synchronous").mapTo(Integer.class).one())
                    + ", journal_mode=" + h.createQuery("PRAGMA journal_mode").mapTo(String.class).one();
            case POSTGRESQL -> "synchronous_commit=" + h.createQuery("SHOW synchronous_commit").mapTo(String.class).one()
                    + ", fsync=" + h.createQuery("SHOW fsync").mapTo(String.class).one();
        });
    }

    /**
     * The CPU time, in nanoseconds, of the PostgreSQL backends serving this database's connections
     * (from /proc, so the server must run on this machine), or -1 when there is none to read (SQLite).
     * Unlike the rate, it does not depend on what else the machine runs: the database's own work per log.
     */
    private static LongSupplier serverCpu(Database database) {
        if (database.dialect() != Dialect.POSTGRESQL) {
            return () -> -1;
        }
        return () -> {
            List<Integer> pids = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'")
                    .mapTo(Integer.class).list());
            long ticks = 0;
            for (int pid : pids) {
                try {
                    String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                } catch (Exception e) {
                    return -1;
                }
            }
            return ticks * 10_000_000L; // 100 clock ticks a second
        };
    }

    private static int rowBytes() {
        return MESSAGES.length() + 2 * OUTPUT.length() + PROVIDER_REQUEST.length() + PROVIDER_RESPONSE.length()
                + OUTPUT_MESSAGE.length() + 200;
    }

    /**
     * What a run came to: logs committed per second, and the CPU time this process spent per log
     * (on SQLite that includes the database's own work; PostgreSQL's is in its own processes).
     */
    private record Result(double logsPerSecond, double cpuMicrosPerLog, double serverCpuMicrosPerLog) {
    }

    /** Clients writing logs as fast as their commits come back. */
    private record Load(LogWriter writer, String projectId, String configId, boolean streamed, LongSupplier serverCpu) {
        private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        /** Runs {@code clients} writers for {@code seconds}. */
        Result run(int clients, int seconds) throws InterruptedException {
            LongAdder committed = new LongAdder();
            long cpuBefore = OS.getProcessCpuTime();
            long serverCpuBefore = serverCpu.getAsLong();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            List<Thread> threads = new ArrayList<>(clients);
            long started = System.nanoTime();
            for (int i = 0; i < clients; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    while (System.nanoTime() < end) {
                        writeOne();
                        committed.increment();
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            long logs = committed.sum();
            long serverCpuNanos = serverCpu.getAsLong() - serverCpuBefore;
            return new Result(logs / ((System.nanoTime() - started) / 1e9), (OS.getProcessCpuTime() - cpuBefore) / 1e3 / logs,
                    serverCpuBefore < 0 ? Double.NaN : serverCpuNanos / 1e3 / logs);
        }

        /** One log as a request writes it: whole, or (streamed) first as streaming, then completed. */
        private void writeOne() {
            long now = System.currentTimeMillis();
            String id = Ids.next("data_");
            if (!streamed) {
                writer.insert(List.of(record(id, "complete", null, OUTPUT, PROVIDER_RESPONSE, now))).join();
                return;
            }
            writer.insert(List.of(record(id, "streaming", "bench-node", "", null, now))).join();
            writer.complete(new LogCompletion(id, "complete", OUTPUT, OUTPUT, OUTPUT_MESSAGE, "stop", 41, 38, 0.8, null,
                    PROVIDER_RESPONSE, System.currentTimeMillis(), COST)).join();
        }

        private LogRecord record(String id, String status, String nodeId, String output, String providerResponse, long now) {
            return LogRecord.builder(id).projectId(projectId).configId(configId).status(status).nodeId(nodeId)
                    .source("bench").user("traveller-42").metadata("{\"team\":\"bench\"}").inputs("{\"city\":\"Lisbon\"}")
                    .messages(MESSAGES).output(output).rawOutput(output).outputMessage(OUTPUT_MESSAGE).toolChoice("\"auto\"")
                    .finishReason("stop").promptTokens(41).outputTokens(38)
                    .providerLatency(ThreadLocalRandom.current().nextDouble(0.3, 1.5)).providerRequest(PROVIDER_REQUEST)
                    .providerResponse(providerResponse).saved(true).createdAt(now).updatedAt(now)
                    .provider("openai").model("gpt-4o-mini").cachedInputTokens(0).cacheWriteTokens(0).reasoningTokens(0)
                    .costPicoUsd(COST.picoUsd()).costEstimated(COST.estimated()).build();
        }
    }

    /** A fresh database for one run: a SQLite file in a new directory, or a new PostgreSQL database. */
    private record BenchDatabase(String jdbcUrl, Path directory, String postgresAdminUrl, String postgresName)
            implements AutoCloseable {
        static BenchDatabase create(String store, String postgresAdminUrl) throws Exception {
            if (store.equals("sqlite")) {
                Path directory = Files.createTempDirectory("openloop-bench-logs");
                return new BenchDatabase("jdbc:sqlite:" + directory.resolve("openloop.db"), directory, null, null);
            }
            String name = "openloop_bench_" + System.currentTimeMillis() / 1000 + "_" + Long.toString(System.nanoTime(), 36);
            execute(postgresAdminUrl, "CREATE DATABASE " + name);
            String url = postgresAdminUrl.replaceFirst("(jdbc:postgresql://[^/?]*/)[^?]*", "$1" + name);
            return new BenchDatabase(url, null, postgresAdminUrl, name);
        }

        @Override
        public void close() throws Exception {
            if (postgresName != null) {
                execute(postgresAdminUrl, "DROP DATABASE IF EXISTS " + postgresName + " WITH (FORCE)");
            } else {
                try (Stream<Path> files = Files.walk(directory)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(file);
                    }
                }
            }
        }

        private static void execute(String url, String sql) throws Exception {
            try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }
    }

    private record Options(List<String> stores, List<String> modes, int clients, int poolSize, int warmupSeconds,
            int durationSeconds, int rounds, String postgresAdminUrl, Database.SqliteSync sqliteSync) {
        static Options parse(String[] args) {
            List<String> stores = List.of("sqlite", "postgresql");
            List<String> modes = List.of("whole", "stream");
            int clients = 256;
            int poolSize = 16;
            int warmup = 15;
            int duration = 20;
            int rounds = 3;
            Database.SqliteSync sqliteSync = Database.SqliteSync.FULL;
            String admin = System.getenv().getOrDefault("OPENLOOP_BENCH_POSTGRES_URL",
                    "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
            for (int i = 0; i < args.length; i += 2) {
                String value = i + 1 < args.length ? args[i + 1] : fail(args[i] + " needs a value");
                switch (args[i]) {
                    case "--stores" -> stores = List.of(value.split(","));
                    case "--modes" -> modes = List.of(value.split(","));
                    case "--clients" -> clients = Integer.parseInt(value);
                    case "--pool" -> poolSize = Integer.parseInt(value);
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--duration" -> duration = Integer.parseInt(value);
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--sqlite-sync" -> sqliteSync = Database.SqliteSync.valueOf(value.toUpperCase(Locale.ROOT));
                    default -> fail("unknown option " + args[i]);
                }
            }
            return new Options(stores, modes, clients, poolSize, warmup, duration, rounds, admin, sqliteSync);
        }

        private static String fail(String message) {
            System.err.println("logs bench: " + message);
            System.exit(2);
            return message;
        }
    }
}
