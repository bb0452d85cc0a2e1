package dev.openloop.server.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the tests run on: {@code OPENLOOP_TEST_POSTGRES_URL}, by default the
 * local server as its {@code postgres} user. Each test database is created here, named
 * {@code openloop_test_<epoch seconds>_<random>}, and dropped when its test is done, or at the
 * latest when the JVM exits.
 *
 * <p>A test JVM that is killed drops nothing, so the first database a JVM creates comes after a
 * sweep of leftovers: test and benchmark databases ({@code openloop_bench_<epoch seconds>_…})
 * created more than {@link #STALE_AFTER} ago that nobody is connected to. Runs that go on at the
 * same time, in other JVMs, keep theirs: those are younger, or in use.
 *
 * <p>When no server answers: in CI ({@code CI=true}) that is a failure, since CI must test both
 * stores; elsewhere the PostgreSQL tests are skipped, and a banner in the test output says so.
 */
public final class TestPostgres {
    private static final String DEFAULT_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    private static final String ADMIN_URL = orDefault(System.getenv("OPENLOOP_TEST_POSTGRES_URL"), DEFAULT_ADMIN_URL);
    private static final Pattern DATABASE_IN_URL = Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(.*)$");
    private static final String PREFIX = "openloop_test_";
    /** The names of databases the tests and benchmarks create, with the second each was created in. */
    private static final Pattern LEFTOVER = Pattern.compile("^(?:openloop_test_|openloop_bench_)(\\d+)_[a-z0-9]+$");
    /** Longer than any test or benchmark keeps a database. */
    static final Duration STALE_AFTER = Duration.ofHours(2);
    private static final boolean IN_CI = "true".equals(System.getenv("CI"));

    /** Databases created and not yet dropped, dropped at exit if a test left one behind. */
    private static final Set<String> LIVE = ConcurrentHashMap.newKeySet();
    private static boolean checked;
    private static boolean swept;
    /** Why the server cannot be reached, or null when it can. */
    private static String unavailable;
    private static boolean bannerShown;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Set.copyOf(LIVE).forEach(TestPostgres::drop),
                "drop-test-databases"));
    }

    private TestPostgres() {
    }

    /** Creates a fresh, empty database and returns its JDBC URL; skips or fails when there is no server. */
    static String createDatabase() {
        requireServer();
        sweepLeftoversOnce();
        String name = PREFIX + Instant.now().getEpochSecond() + "_" + randomSuffix();
        execute("CREATE DATABASE " + name);
        LIVE.add(name);
        return urlOf(name);
    }

    /** Drops the database of {@code jdbcUrl}, ending the connections still open on it. */
    static void dropDatabase(String jdbcUrl) {
        Matcher url = DATABASE_IN_URL.matcher(jdbcUrl);
        if (!url.matches() || !url.group(2).startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a test database: " + jdbcUrl);
        }
        drop(url.group(2));
    }

    private static void drop(String name) {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        LIVE.remove(name);
    }

    private static synchronized void sweepLeftoversOnce() {
        if (!swept) {
            swept = true;
            dropLeftovers(Instant.now().minus(STALE_AFTER)).forEach(name -> System.err.println(
                    "dropped the test database " + name + ", left behind by a test run that was killed"));
        }
    }

    /**
     * Drops the test and benchmark databases created before {@code createdBefore} that have no
     * connection; returns their names. One that gains a connection meanwhile is left alone.
     */
    static List<String> dropLeftovers(Instant createdBefore) {
        List<String> dropped = new ArrayList<>();
        for (String name : unusedTestDatabases()) {
            Matcher leftover = LEFTOVER.matcher(name);
            if (!leftover.matches() || !Instant.ofEpochSecond(Long.parseLong(leftover.group(1))).isBefore(createdBefore)) {
                continue;
            }
            try {
                // Not WITH (FORCE): a database someone connected to since the query above is theirs.
                execute("DROP DATABASE IF EXISTS " + name);
                dropped.add(name);
            } catch (IllegalStateException inUse) {
                // connected to, or dropped by another run at the same moment: not ours to drop
            }
        }
        return dropped;
    }

    private static List<String> unusedTestDatabases() {
        List<String> names = new ArrayList<>();
        try (Connection admin = DriverManager.getConnection(ADMIN_URL);
                Statement statement = admin.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT datname FROM pg_database d
                        WHERE (datname LIKE 'openloop\\_test\\_%' OR datname LIKE 'openloop\\_bench\\_%')
                          AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)""")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list the test databases on " + ADMIN_URL + ": " + e.getMessage(), e);
        }
        return names;
    }

    private static synchronized void requireServer() {
        if (!checked) {
            checked = true;
            try (Connection ignored = DriverManager.getConnection(ADMIN_URL)) {
                unavailable = null;
            } catch (SQLException e) {
                unavailable = e.getMessage();
            }
        }
        if (unavailable == null) {
            return;
        }
        String problem = "no PostgreSQL server answered at " + ADMIN_URL + " (" + unavailable + ")";
        if (IN_CI) {
            throw new IllegalStateException(problem + ". CI (CI=true) runs every store suite on PostgreSQL too: "
                    + "start PostgreSQL before the tests, or point OPENLOOP_TEST_POSTGRES_URL at one.");
        }
        if (!bannerShown) {
            bannerShown = true;
            System.err.println("""

                    ################################################################################
                    #  POSTGRESQL TESTS SKIPPED
                    #  %s.
                    #  Every suite that runs on both stores ran on SQLite only. Start PostgreSQL
                    #  (or point OPENLOOP_TEST_POSTGRES_URL at one) to run them; in CI (CI=true)
                    #  this is a failure, not a skip.
                    ################################################################################
                    """.formatted(problem));
        } else {
            System.err.println("POSTGRESQL TESTS SKIPPED again: no server at " + ADMIN_URL);
        }
        Assumptions.abort("PostgreSQL tests skipped outside CI: " + problem);
    }

    /** The JDBC URL of {@code database} on the tests' server. */
    static String urlOf(String database) {
        Matcher url = DATABASE_IN_URL.matcher(ADMIN_URL);
        if (!url.matches()) {
            throw new IllegalStateException("OPENLOOP_TEST_POSTGRES_URL must look like jdbc:postgresql://host:port/database?..., not " + ADMIN_URL);
        }
        return url.group(1) + database + url.group(3);
    }

    private static void execute(String sql) {
        try (Connection admin = DriverManager.getConnection(ADMIN_URL); Statement statement = admin.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + ADMIN_URL + ": " + e.getMessage(), e);
        }
    }

    private static String randomSuffix() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            suffix.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return suffix.toString();
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
