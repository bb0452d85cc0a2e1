package dev.openloop.server.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the tests run on: {@code OPENLOOP_TEST_POSTGRES_URL}, by default the
 * local server as its {@code postgres} user. Each test database is created here with a random
 * name ({@code openloop_test_…}) and dropped when its test is done.
 *
 * <p>When no server answers: in CI ({@code CI=true}) that is a failure, since CI must test both
 * stores; elsewhere the PostgreSQL tests are skipped, and a banner in the test output says so.
 */
public final class TestPostgres {
    private static final String DEFAULT_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    private static final String ADMIN_URL = orDefault(System.getenv("OPENLOOP_TEST_POSTGRES_URL"), DEFAULT_ADMIN_URL);
    private static final Pattern DATABASE_IN_URL = Pattern.compile("^(jdbc:postgresql://[^/?]*/)([^?]*)(.*)$");
    private static final String PREFIX = "openloop_test_";
    private static final boolean IN_CI = "true".equals(System.getenv("CI"));

    /** Databases created and not yet dropped, dropped at exit if a test left one behind. */
    private static final Set<String> LIVE = ConcurrentHashMap.newKeySet();
    private static boolean checked;
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
        String name = PREFIX + randomSuffix();
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

    private static String urlOf(String database) {
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
