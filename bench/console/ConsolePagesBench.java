import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openloop.server.OpenLoopServer;
import dev.openloop.server.ServerConfig;
import dev.openloop.server.chatlog.SearchText;
import dev.openloop.server.store.Database;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * The console's pages on a big store: a node on a fresh SQLite file (or a fresh PostgreSQL
 * database) holding one project with
 * 1,000,000 logs (three configs, two environments' worth of deployments, an experiment, errors,
 * cut streams, feedback, sessions of ten), then the time from request to the last byte of the
 * logs page's first page, of each filter, and of a log's page, over HTTP on loopback with a
 * signed-in session. Median of 21 requests of each after 10 unmeasured ones.
 *
 * <p>Run: {@code bench/console/run} (see docs/benchmarks.md, "Console pages"). Options:
 * {@code --logs N} (1,000,000), {@code --repeats N} (21), {@code --store sqlite|postgresql} (sqlite;
 * PostgreSQL is reached through {@code OPENLOOP_BENCH_POSTGRES_URL}, by default the local server,
 * where a database is created for the run and dropped after it, unless {@code --keep} is given).
 */
public class ConsolePagesBench {
    private static final String KEY = "ol_bench_console_pages_key_0123456789abcd";
    private static final String PROJECT = "pr_console_bench";
    private static final int BATCH = 5_000;
    private static final String[] WORDS = {"refund", "parcel", "invoice", "password", "delivery", "warranty", "discount",
            "subscription", "address", "upgrade", "cancel", "receipt", "shipping", "account", "voucher", "return"};
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int logs = intOption(args, "--logs", 1_000_000);
        int repeats = intOption(args, "--repeats", 21);
        boolean postgres = stringOption(args, "--store", "sqlite").equals("postgresql");
        boolean keep = Arrays.asList(args).contains("--keep");
        String postgresAdmin = System.getenv().getOrDefault("OPENLOOP_BENCH_POSTGRES_URL",
                "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        String postgresName = "openloop_console_bench_" + System.currentTimeMillis() / 1000;
        Path directory = Files.createTempDirectory("openloop-console-bench");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OPENLOOP_PORT", "0");
        env.put("OPENLOOP_DATA_DIR", directory.toString());
        if (postgres) {
            execute(postgresAdmin, "CREATE DATABASE " + postgresName);
            env.put("OPENLOOP_DATABASE_URL", postgresAdmin.replaceFirst("(jdbc:postgresql://[^/?]*/)[^?]*", "$1" + postgresName));
        }
        env.put("OPENLOOP_API_KEY", KEY);
        env.put("OPENLOOP_SQLITE_SYNCHRONOUS", "normal");
        OpenLoopServer server = OpenLoopServer.start(ServerConfig.fromEnvironment(env));
        try {
            String base = "http://127.0.0.1:" + server.port();
            HttpClient http = HttpClient.newHttpClient();
            // What a project has besides its logs, made through the API as a user would.
            JsonNode project = post(http, base + "/v4/projects", "{\"name\":\"console-bench\"}");
            String projectId = project.get("id").asText();
            List<String> configs = new ArrayList<>();
            for (double temperature : new double[] {0.1, 0.5, 0.9}) {
                configs.add(post(http, base + "/v4/model-configs", "{\"project_id\":\"" + projectId
                        + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"mock-1\",\"temperature\":" + temperature + "}")
                        .get("config").get("id").asText());
            }
            String experiment = post(http, base + "/v4/projects/" + projectId + "/experiments",
                    "{\"name\":\"tone\",\"positive_labels\":[{\"type\":\"rating\",\"value\":\"good\"}],\"config_ids\":[\""
                            + configs.get(0) + "\",\"" + configs.get(1) + "\"]}").get("id").asText();
            String environment = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/v4/environments"))
                    .header("X-API-KEY", KEY).build(), HttpResponse.BodyHandlers.ofString()).body()).get(0).get("id").asText();

            long started = System.nanoTime();
            long firstCreated = fill(ServerConfig.fromEnvironment(env).databaseUrl(), projectId, configs, experiment, environment, logs);
            System.err.printf(Locale.ROOT, "%,d logs written in %.0f s%n", logs, (System.nanoTime() - started) / 1e9);

            String cookie = signIn(http, base);
            String logsPage = base + "/projects/" + projectId + "/logs";
            String day = LocalDate.ofInstant(java.time.Instant.ofEpochMilli(firstCreated), ZoneOffset.UTC).plusDays(3).toString();
            Map<String, IntFunction<String>> pages = new LinkedHashMap<>();
            pages.put("logs, first page", i -> logsPage);
            pages.put("logs, page 100", i -> logsPage + "?page=100");
            pages.put("filter: text, a word in ~6 % of logs", i -> logsPage + "?q=" + WORDS[i % WORDS.length]);
            pages.put("filter: text, one log's order number", i -> logsPage + "?q=" + order((i * 7919) % logs));
            pages.put("filter: config", i -> logsPage + "?config=" + configs.get(i % 3));
            pages.put("filter: environment", i -> logsPage + "?environment=" + environment);
            pages.put("filter: experiment", i -> logsPage + "?experiment=" + experiment);
            pages.put("filter: status error (~1 %)", i -> logsPage + "?status=error");
            pages.put("filter: status incomplete (~0.5 %)", i -> logsPage + "?status=incomplete");
            pages.put("filter: status ok", i -> logsPage + "?status=ok");
            pages.put("filter: feedback rating = good (~1 %)", i -> logsPage + "?feedback=" + URLEncoder.encode("rating:good", StandardCharsets.UTF_8));
            pages.put("filter: one day (~8,600 logs)", i -> logsPage + "?from=" + day + "&to=" + day);
            pages.put("filter: config + status error + one day", i -> logsPage + "?config=" + configs.get(i % 3) + "&status=error&from="
                    + LocalDate.parse(day).minusDays(2) + "&to=" + day);
            pages.put("a log's page", i -> base + "/logs/" + logId((i * 104_729) % logs));
            // The same searches through the API, whose answer also carries a total.
            String apiLogs = base + "/v4/logs?size=50&project_id=" + projectId;
            pages.put("v4 GET /logs, search a word in ~6 % of logs", i -> apiLogs + "&search=" + WORDS[i % WORDS.length]);
            pages.put("v4 GET /logs, search one log's order number", i -> apiLogs + "&search=" + order((i * 7919) % logs));

            List<String> lines = new ArrayList<>();
            lines.add("| page | median ms | p90 ms | bytes |");
            lines.add("|---|---:|---:|---:|");
            for (Map.Entry<String, IntFunction<String>> page : pages.entrySet()) {
                for (int i = 0; i < 10; i++) {
                    get(http, page.getValue().apply(1_000 + i), cookie);
                }
                double[] millis = new double[repeats];
                int bytes = 0;
                for (int i = 0; i < repeats; i++) {
                    long t = System.nanoTime();
                    bytes = get(http, page.getValue().apply(i), cookie);
                    millis[i] = (System.nanoTime() - t) / 1e6;
                }
                Arrays.sort(millis);
                lines.add(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %,d |", page.getKey(), millis[repeats / 2],
                        millis[(int) Math.ceil(repeats * 0.9) - 1], bytes));
                System.err.println(lines.getLast());
            }
            System.out.println();
            System.out.printf(Locale.ROOT, "Console pages, %,d logs in one project on %s, median of %d requests after 10 unmeasured, %d cores:%n%n",
                    logs, postgres ? "PostgreSQL" : "SQLite", repeats, Runtime.getRuntime().availableProcessors());
            lines.forEach(System.out::println);
        } finally {
            server.stop();
            if (postgres && keep) {
                System.err.println("kept for a look: " + env.get("OPENLOOP_DATABASE_URL"));
            } else if (postgres) {
                execute(postgresAdmin, "DROP DATABASE IF EXISTS " + postgresName + " WITH (FORCE)");
            }
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static String logId(int i) {
        return String.format(Locale.ROOT, "data_cbench%09d", i);
    }

    private static String order(int i) {
        return String.format(Locale.ROOT, "ORD%07d", i);
    }

    /**
     * Writes the logs in batches straight into the node's store, with their searched text and their
     * feedback (with the current feedback the node keeps beside each log); the text
     * index is built once at the end, as LogSearchBench does (SQLite: the FTS5 insert trigger
     * dropped, the index rebuilt and the trigger made again; PostgreSQL: the trigram index dropped
     * and created again). Returns the first log's time.
     */
    private static long fill(String url, String projectId, List<String> configs, String experiment, String environment,
            int logs) throws Exception {
        boolean postgres = url.startsWith("jdbc:postgresql:");
        try (Database database = Database.open(url, 2, Database.SqliteSync.NORMAL)) {
            database.jdbi().useHandle(h -> h.execute(postgres ? "DROP INDEX log_search_body" : "DROP TRIGGER log_search_added"));
            SplittableRandom random = new SplittableRandom(7);
            long start = System.currentTimeMillis() - logs * 10_000L; // one log every 10 s: ~8,600 a day
            for (int from = 0; from < logs; from += BATCH) {
                int first = from;
                database.jdbi().useTransaction(h -> {
                    Connection connection = h.getConnection();
                    try (PreparedStatement session = connection.prepareStatement(
                                    "INSERT INTO sessions (id, created_at, updated_at) VALUES (?, ?, ?)");
                            PreparedStatement log = connection.prepareStatement("""
                                    INSERT INTO logs (id, project_id, session_id, parent_id, config_id, experiment_id, environment_id,
                                        status, error, saved, created_at, updated_at, inputs, metadata, messages, output, raw_output,
                                        output_message, provider_request, provider_response, prompt_tokens, output_tokens, provider_latency)
                                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
                            PreparedStatement search = connection.prepareStatement("INSERT INTO log_search (log_id, body) VALUES (?, ?)");
                            PreparedStatement feedback = connection.prepareStatement("""
                                    INSERT INTO feedback (id, log_id, type, value, unset, end_user, created_at, recorded_at)
                                    VALUES (?, ?, 'rating', ?, FALSE, NULL, ?, ?)""");
                            // Each log's one rating is its current one, which the node keeps beside it as it stores feedback.
                            PreparedStatement current = connection.prepareStatement("""
                                    INSERT INTO log_current_feedback (log_id, type, value, project_id, log_created_at)
                                    VALUES (?, 'rating', ?, ?, ?)""")) {
                        for (int i = first; i < Math.min(first + BATCH, logs); i++) {
                            long created = start + i * 10_000L;
                            String sessionId = "sess_cbench" + (i / 10);
                            if (i % 10 == 0) {
                                session.setString(1, sessionId);
                                session.setLong(2, created);
                                session.setLong(3, created);
                                session.addBatch();
                            }
                            String word = WORDS[random.nextInt(WORDS.length)];
                            String question = "Hello, I have a question about my " + word + " for order " + order(i) + ".";
                            String answer = "Thanks for asking about your " + word + ": here is what to do next, step by step.";
                            String inputs = "{\"customer\":\"customer " + random.nextInt(50_000) + "\",\"order\":\"" + order(i) + "\"}";
                            String metadata = "{\"channel\":\"" + (random.nextBoolean() ? "web" : "mail") + "\"}";
                            String messages = "[{\"role\":\"system\",\"content\":\"You help the customers of a shop.\"},"
                                    + "{\"role\":\"user\",\"content\":\"" + question + "\"}]";
                            boolean inExperiment = i % 10 == 3;
                            boolean failed = i % 100 == 7;
                            boolean cut = i % 200 == 11;
                            log.setString(1, logId(i));
                            log.setString(2, projectId);
                            log.setString(3, sessionId);
                            log.setString(4, i % 10 == 0 ? null : logId(i - 1));
                            log.setString(5, configs.get(inExperiment ? i % 2 : i % 3));
                            log.setString(6, inExperiment ? experiment : null);
                            log.setString(7, i % 2 == 0 ? environment : null);
                            log.setString(8, cut ? "incomplete" : "complete");
                            log.setString(9, failed ? "Provider error: the model is overloaded" : null);
                            log.setLong(10, created);
                            log.setLong(11, created);
                            log.setString(12, inputs);
                            log.setString(13, metadata);
                            log.setString(14, messages);
                            log.setString(15, failed ? null : answer);
                            log.setString(16, failed ? null : answer);
                            log.setString(17, failed ? null : "{\"role\":\"assistant\",\"content\":\"" + answer + "\"}");
                            log.setString(18, "{\"model\":\"mock-1\",\"messages\":" + messages + "}");
                            log.setString(19, failed ? null : "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"" + answer + "\"}}]}");
                            log.setInt(20, 40);
                            log.setInt(21, failed ? 0 : 20);
                            log.setDouble(22, 0.4 + random.nextDouble());
                            log.addBatch();
                            search.setString(1, logId(i));
                            search.setString(2, SearchText.of(inputs, metadata, messages, failed ? null : answer));
                            search.addBatch();
                            if (i % 50 == 5) {
                                feedback.setString(1, "ann_cbench" + i);
                                feedback.setString(2, logId(i));
                                feedback.setString(3, i % 100 == 5 ? "good" : "bad");
                                feedback.setLong(4, created + 1_000);
                                feedback.setLong(5, created + 1_000);
                                feedback.addBatch();
                                current.setString(1, logId(i));
                                current.setString(2, i % 100 == 5 ? "good" : "bad");
                                current.setString(3, projectId);
                                current.setLong(4, created);
                                current.addBatch();
                            }
                        }
                        session.executeBatch();
                        log.executeBatch();
                        search.executeBatch();
                        feedback.executeBatch();
                        current.executeBatch();
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                if ((from / BATCH) % 40 == 0) {
                    System.err.printf(Locale.ROOT, "  %,d logs%n", from);
                }
            }
            System.err.println("  building the text index");
            if (postgres) {
                // A connection of its own: the pool's socket timeout is shorter than the build.
                try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
                    statement.execute("SET maintenance_work_mem = '512MB'");
                    statement.execute("CREATE INDEX log_search_body ON log_search USING gin (body gin_trgm_ops)");
                    statement.execute("ANALYZE");
                }
                return start;
            }
            database.jdbi().useHandle(h -> {
                h.execute("INSERT INTO log_search_index (log_search_index) VALUES ('rebuild')");
                h.execute("""
                        CREATE TRIGGER log_search_added AFTER INSERT ON log_search BEGIN
                            INSERT INTO log_search_index (rowid, body) VALUES (new.id, new.body);
                        END""");
                h.execute("ANALYZE");
            });
            return start;
        }
    }

    private static JsonNode post(HttpClient http, String url, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("X-API-KEY", KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String signIn(HttpClient http, String base) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("key=" + KEY)).build(), HttpResponse.BodyHandlers.ofString());
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow(() -> new IllegalStateException("sign-in refused"));
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private static int get(HttpClient http, String url, String cookie) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie)
                        .header("X-API-KEY", KEY).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body().length;
    }

    private static void execute(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String stringOption(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static int intOption(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1].replace("_", "").replace(",", ""));
            }
        }
        return fallback;
    }
}
