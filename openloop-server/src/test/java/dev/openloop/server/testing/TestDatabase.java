package dev.openloop.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;

/**
 * A fresh, empty database for one test's nodes: a SQLite file in a new data directory, or a new
 * PostgreSQL database. Nodes started with {@link #env()} use it; several nodes in turn (a restart)
 * or at once (PostgreSQL) can share it. {@link #close()} drops a PostgreSQL database and deletes
 * the data directory, so a test run leaves nothing behind.
 */
public final class TestDatabase implements AutoCloseable {
    /**
     * Connections per node on PostgreSQL. Tests start many nodes, some at once, on one server
     * shared with other test runs; a small pool keeps them well inside its {@code max_connections}.
     */
    private static final String POSTGRES_POOL_SIZE = "4";

    private final TestStore store;
    private final Path dataDir;
    private final String jdbcUrl;
    private final Jdbi jdbi;
    private final boolean dropOnClose;

    private TestDatabase(TestStore store, Path dataDir, String jdbcUrl, boolean dropOnClose) {
        this.store = store;
        this.dataDir = dataDir;
        this.jdbcUrl = jdbcUrl;
        this.jdbi = Jdbi.create(jdbcUrl);
        this.dropOnClose = dropOnClose;
    }

    /** A PostgreSQL database that someone else owns (a {@link PrivatePostgres}, say); closing this leaves it. */
    public static TestDatabase onPostgres(String jdbcUrl) {
        try {
            return new TestDatabase(TestStore.POSTGRESQL, Files.createTempDirectory("openloop-test"), jdbcUrl, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new empty database on {@code store}; on PostgreSQL, skipped or failed as {@link TestPostgres} says. */
    public static TestDatabase create(TestStore store) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("openloop-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String jdbcUrl = switch (store) {
            case SQLITE -> "jdbc:sqlite:" + dataDir.resolve("openloop.db");
            case POSTGRESQL -> TestPostgres.createDatabase();
        };
        return new TestDatabase(store, dataDir, jdbcUrl, true);
    }

    /**
     * The environment that points a node at this database. On SQLite only the data directory is
     * set, so the node finds its file the way {@code ./openloop serve} does.
     */
    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("OPENLOOP_DATA_DIR", dataDir.toString());
        if (store == TestStore.POSTGRESQL) {
            env.put("OPENLOOP_DATABASE_URL", jdbcUrl);
            env.put("OPENLOOP_DB_POOL_SIZE", POSTGRES_POOL_SIZE);
        }
        return env;
    }

    /** The JDBC URL of the database, as a node is given it. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public TestStore store() {
        return store;
    }

    /** The node's data directory (on PostgreSQL it holds nothing). */
    public Path dataDir() {
        return dataDir;
    }

    /** SQL on the database, over connections of its own, for assertions on what was stored. */
    public Jdbi jdbi() {
        return jdbi;
    }

    /**
     * Whether {@code text} is stored anywhere: in the bytes of the SQLite file and its WAL, or in
     * any row of any PostgreSQL table.
     */
    public boolean holds(String text) {
        return switch (store) {
            case SQLITE -> sqliteFilesHold(text);
            case POSTGRESQL -> postgresRowsHold(text);
        };
    }

    private boolean sqliteFilesHold(String text) {
        try {
            for (String file : List.of("openloop.db", "openloop.db-wal")) {
                Path path = dataDir.resolve(file);
                if (Files.exists(path) && new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1).contains(text)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean postgresRowsHold(String text) {
        return jdbi.withHandle(h -> {
            List<String> tables = h.createQuery(
                            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
                    .mapTo(String.class)
                    .list();
            for (String table : tables) {
                boolean found = h.createQuery("SELECT EXISTS (SELECT 1 FROM \"" + table + "\" t WHERE strpos(t::text, :text) > 0)")
                        .bind("text", text)
                        .mapTo(Boolean.class)
                        .one();
                if (found) {
                    return true;
                }
            }
            return false;
        });
    }

    @Override
    public void close() {
        if (store == TestStore.POSTGRESQL && dropOnClose) {
            TestPostgres.dropDatabase(jdbcUrl);
        }
        deleteTree(dataDir);
    }

    /** Deletes {@code root} and everything under it, deepest first. */
    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
