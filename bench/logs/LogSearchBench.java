import dev.openloop.server.chatlog.LogStore;
import dev.openloop.server.chatlog.SearchText;
import dev.openloop.server.store.Database;
import dev.openloop.server.store.Dialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;

/**
 * How long {@code GET /logs?search=} takes to find a page of a project's logs among a million, on
 * SQLite and on PostgreSQL: the search by values ({@code LogStore}: the log_search table and its
 * FTS5 or pg_trgm index) against the search it replaced ({@code LIKE}/{@code ILIKE} over the
 * stored JSON of the inputs and the output, no index), on the same rows.
 *
 * <p>The rows are written straight into the tables, as the node's writer would leave them: one
 * project, each log a short chat (inputs, metadata, a message of about 120 characters, an output
 * of about 100) from a vocabulary of made-up words, so that a word is in a known share of the
 * logs. Each search is what the listing runs: the page of 50 newest matches and their count.
 * Three kinds of term: one found in a single log, a word in about 0.1 % of the logs, a word in
 * about 10 %. The figure is the median of the searches of each kind.
 *
 * <p>Run through {@code bench/logs/run search} (see bench/logs/README.md).
 */
public class LogSearchBench {
    private static final int PAGE = 50;
    private static final int BATCH = 5_000;

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        List<String> lines = new ArrayList<>();
        lines.add("| store | logs | term | found | before: LIKE over the stored JSON, median ms | after: by values, indexed, median ms |");
        lines.add("|---|---:|---|---:|---:|---:|");
        for (String store : options.stores) {
            lines.addAll(run(store, options));
        }
        System.out.println();
        System.out.println("Log search, " + options.logs + " logs in one project, page of " + PAGE + " with its count, "
                + options.repeats + " searches of each kind:");
        System.out.println();
        lines.forEach(System.out::println);
    }

    private static List<String> run(String store, Options options) throws Exception {
        try (Target target = Target.create(store, options.postgresAdminUrl);
                Database database = Database.open(target.jdbcUrl(), 4, Database.SqliteSync.NORMAL)) {
            Vocabulary words = new Vocabulary(options.logs);
            long started = System.nanoTime();
            fill(database, target.jdbcUrl(), words, options.logs);
            System.err.printf(Locale.ROOT, "%s: %d logs written in %.0f s%n", store, options.logs,
                    (System.nanoTime() - started) / 1e9);
            analyze(database);
            LogStore after = new LogStore(database.jdbi(), database.dialect());
            List<String> lines = new ArrayList<>();
            for (Kind kind : Kind.values()) {
                List<String> terms = words.terms(kind, options.repeats);
                long[] found = new long[1];
                double beforeMs = median(terms, term -> {
                    found[0] = before(database, term);
                });
                double afterMs = median(terms, term -> {
                    after.listIds("pr_bench", term, null, null, 0, PAGE);
                    found[0] = after.count("pr_bench", term, null, null);
                });
                lines.add(String.format(Locale.ROOT, "| %s | %,d | %s (\"%s\") | %,d | %.1f | %.1f |", store, options.logs,
                        kind.description, terms.getLast(), found[0], beforeMs, afterMs));
                System.err.println(lines.getLast());
            }
            return lines;
        }
    }

    /** The search as it was: ILIKE (PostgreSQL) or LIKE (SQLite) over the inputs' JSON and the output. */
    private static long before(Database database, String term) {
        String like = database.dialect() == Dialect.POSTGRESQL ? "ILIKE" : "LIKE";
        String where = " WHERE project_id = :project AND (inputs " + like + " :search ESCAPE '!' OR output " + like
                + " :search ESCAPE '!')";
        String pattern = "%" + term.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        return database.jdbi().withHandle(h -> {
            h.createQuery("SELECT id FROM logs" + where + " ORDER BY created_at DESC, id DESC LIMIT " + PAGE)
                    .bind("project", "pr_bench").bind("search", pattern).mapTo(String.class).list();
            return h.createQuery("SELECT COUNT(*) FROM logs" + where)
                    .bind("project", "pr_bench").bind("search", pattern).mapTo(Long.class).one();
        });
    }

    private interface Search {
        void run(String term);
    }

    private static double median(List<String> terms, Search search) {
        search.run(terms.getFirst()); // once unmeasured, so the first measured one does not pay for a cold cache alone
        double[] millis = new double[terms.size()];
        for (int i = 0; i < terms.size(); i++) {
            long started = System.nanoTime();
            search.run(terms.get(i));
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        return millis[millis.length / 2];
    }

    /**
     * Writes the logs and their searched text in batches, as many rows per transaction. The text
     * index is built once the rows are in, as a bulk load would (SQLite: the FTS5 insert trigger
     * is dropped, the index rebuilt from log_search and the trigger made again as V7 makes it;
     * PostgreSQL: the trigram index is dropped and created again), which gives the same index as
     * the node's row-by-row writes in a fraction of the time.
     */
    private static void fill(Database database, String jdbcUrl, Vocabulary words, int logs) throws Exception {
        Jdbi jdbi = database.jdbi();
        boolean postgres = database.dialect() == Dialect.POSTGRESQL;
        jdbi.useHandle(h -> h.execute(postgres ? "DROP INDEX log_search_body" : "DROP TRIGGER log_search_added"));
        jdbi.useHandle(h -> h.execute(
                "INSERT INTO projects (id, name, created_at, updated_at) VALUES ('pr_bench', 'bench', 0, 0)"));
        SplittableRandom random = new SplittableRandom(42);
        long start = System.currentTimeMillis() - logs * 1000L;
        for (int from = 0; from < logs; from += BATCH) {
            int first = from;
            jdbi.useTransaction(h -> {
                Connection connection = h.getConnection();
                try (PreparedStatement log = connection.prepareStatement("""
                                INSERT INTO logs (id, project_id, status, saved, created_at, updated_at, inputs, metadata,
                                    messages, output, raw_output)
                                VALUES (?, 'pr_bench', 'complete', TRUE, ?, ?, ?, ?, ?, ?, ?)""");
                        PreparedStatement search = connection.prepareStatement(
                                "INSERT INTO log_search (log_id, body) VALUES (?, ?)")) {
                    for (int i = first; i < Math.min(first + BATCH, logs); i++) {
                        String id = String.format(Locale.ROOT, "data_bench%09d", i);
                        String inputs = "{\"city\":\"" + words.sentence(random, 1) + "\",\"order\":\"" + Vocabulary.order(i) + "\"}";
                        String metadata = "{\"team\":\"" + words.sentence(random, 2) + "\"}";
                        String prompt = "Tell me about " + words.sentence(random, 14);
                        String messages = "[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]";
                        String output = "Here is what I know: " + words.sentence(random, 11);
                        log.setString(1, id);
                        log.setLong(2, start + i * 1000L);
                        log.setLong(3, start + i * 1000L);
                        log.setString(4, inputs);
                        log.setString(5, metadata);
                        log.setString(6, messages);
                        log.setString(7, output);
                        log.setString(8, output);
                        log.addBatch();
                        search.setString(1, id);
                        search.setString(2, SearchText.of(inputs, metadata, messages, output));
                        search.addBatch();
                    }
                    log.executeBatch();
                    search.executeBatch();
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
            // A connection of its own: the pool's socket timeout (60 s) is shorter than the build.
            try (Connection connection = DriverManager.getConnection(jdbcUrl); Statement statement = connection.createStatement()) {
                statement.execute("SET maintenance_work_mem = '512MB'");
                statement.execute("CREATE INDEX log_search_body ON log_search USING gin (body gin_trgm_ops)");
            }
            return;
        }
        jdbi.useHandle(h -> {
            h.execute("INSERT INTO log_search_index (log_search_index) VALUES ('rebuild')");
            h.execute("""
                    CREATE TRIGGER log_search_added AFTER INSERT ON log_search BEGIN
                        INSERT INTO log_search_index (rowid, body) VALUES (new.id, new.body);
                    END""");
        });
    }

    private static void analyze(Database database) {
        database.jdbi().useHandle(h -> h.execute("ANALYZE"));
    }

    private enum Kind {
        ONE("in one log"),
        RARE("a word in ~0.1 % of logs"),
        COMMON("a word in ~10 % of logs");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    /**
     * Made-up words of two or three syllables, drawn so that word i of the common list is in about
     * 10 % of the logs and word i of the rare list in about 0.1 %: each sentence draws its words
     * from the common list one time in ten, from the rare list once in a thousand, else from the
     * long tail.
     */
    private static final class Vocabulary {
        private static final String[] SYLLABLES = {"ka", "lo", "mi", "ren", "tu", "sa", "vo", "li", "dar", "ne", "po",
            "qui", "bel", "zo", "fa", "gri", "mon", "te", "xu", "ya"};
        private final List<String> common = new ArrayList<>();
        private final List<String> rare = new ArrayList<>();
        private final List<String> tail = new ArrayList<>();
        private final int logs;

        Vocabulary(int logs) {
            this.logs = logs;
            SplittableRandom random = new SplittableRandom(7);
            for (int i = 0; i < 4; i++) {
                common.add("Common" + word(random));
            }
            for (int i = 0; i < 40; i++) {
                rare.add("Rare" + word(random));
            }
            for (int i = 0; i < 20_000; i++) {
                tail.add(word(random));
            }
        }

        private static String word(SplittableRandom random) {
            StringBuilder word = new StringBuilder();
            for (int s = 0; s < 2 + random.nextInt(2); s++) {
                word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            return word.toString();
        }

        /** An order number only log {@code i} has. */
        static String order(int i) {
            String number = Long.toString(i * 7919L + 100_003, 36).toUpperCase(Locale.ROOT);
            return "ORD-" + "0".repeat(Math.max(0, 7 - number.length())) + number;
        }

        String sentence(SplittableRandom random, int length) {
            StringBuilder sentence = new StringBuilder();
            for (int i = 0; i < length; i++) {
                if (i > 0) {
                    sentence.append(' ');
                }
                // About 10 % of logs carry a given common word (4 of them, over ~27 words a log),
                // about 0.1 % a given rare one.
                int draw = random.nextInt(10_000);
                if (draw < 10) {
                    sentence.append(rare.get(random.nextInt(rare.size())));
                } else if (draw < 170) {
                    sentence.append(common.get(random.nextInt(common.size())));
                } else {
                    sentence.append(tail.get(random.nextInt(tail.size())));
                }
            }
            return sentence.toString();
        }

        /** {@code count} terms of {@code kind}, in the case they were written in (search ignores case). */
        List<String> terms(Kind kind, int count) {
            List<String> terms = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                terms.add(switch (kind) {
                    case ONE -> order((int) ((long) i * 104_729 % logs));
                    case RARE -> rare.get(i % rare.size()).toLowerCase(Locale.ROOT);
                    case COMMON -> common.get(i % common.size()).toUpperCase(Locale.ROOT);
                });
            }
            return terms;
        }
    }

    /** A fresh database for one run: a SQLite file in a new directory, or a new PostgreSQL database. */
    private record Target(String jdbcUrl, Path directory, String postgresAdminUrl, String postgresName)
            implements AutoCloseable {
        static Target create(String store, String postgresAdminUrl) throws Exception {
            if (store.equals("sqlite")) {
                Path directory = Files.createTempDirectory("openloop-bench-search");
                return new Target("jdbc:sqlite:" + directory.resolve("openloop.db"), directory, null, null);
            }
            String name = "openloop_bench_" + System.currentTimeMillis() / 1000 + "_" + Long.toString(System.nanoTime(), 36);
            execute(postgresAdminUrl, "CREATE DATABASE " + name);
            String url = postgresAdminUrl.replaceFirst("(jdbc:postgresql://[^/?]*/)[^?]*", "$1" + name);
            return new Target(url, null, postgresAdminUrl, name);
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

    private record Options(List<String> stores, int logs, int repeats, String postgresAdminUrl) {
        static Options parse(String[] args) {
            List<String> stores = List.of("sqlite", "postgresql");
            int logs = 1_000_000;
            int repeats = 11;
            String postgres = System.getenv().getOrDefault("OPENLOOP_BENCH_POSTGRES_URL",
                    "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
            for (int i = 0; i < args.length; i += 2) {
                Supplier<String> value = valueOf(args, i);
                switch (args[i]) {
                    case "--stores" -> stores = List.of(value.get().split(","));
                    case "--logs" -> logs = Integer.parseInt(value.get());
                    case "--repeats" -> repeats = Integer.parseInt(value.get());
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see bench/logs/README.md)");
                }
            }
            return new Options(stores, logs, repeats, postgres);
        }

        private static Supplier<String> valueOf(String[] args, int i) {
            return () -> {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                return args[i + 1];
            };
        }
    }
}
