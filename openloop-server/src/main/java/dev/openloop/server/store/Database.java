package dev.openloop.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;

/**
 * The database: a connection pool, the schema brought up to date by Flyway, and the Jdbi on top.
 *
 * <p>SQLite runs in WAL mode. With {@code synchronous=FULL} (the default) a committed write
 * survives a crash of the process or of the machine; the sync is shared by the rows of a group
 * commit. {@code OPENLOOP_SQLITE_SYNCHRONOUS=normal} skips the sync on commit: a commit then
 * survives the process being killed, but the last ones may be lost if the machine loses power. Write transactions begin IMMEDIATE, so two writers queue on the busy timeout instead of
 * failing on a lock upgrade.
 *
 * <p>PostgreSQL keeps its own durability ({@code synchronous_commit} as the server has it, on by
 * default). Several nodes share one database; each holds a fixed pool of connections (see
 * docs/operations.md for the budget). Flyway takes a PostgreSQL advisory lock while it migrates,
 * so of nodes starting at once one migrates and the others wait for it, then find nothing to do.
 */
public final class Database implements AutoCloseable {
    /** How long a caller waits for a free pooled connection before failing. */
    private static final Duration CONNECTION_WAIT = Duration.ofSeconds(10);
    /** How long a starting node waits for PostgreSQL to accept connections (it may be starting too). */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final MigrateResult migration;

    private Database(HikariDataSource dataSource, Dialect dialect, MigrateResult migration) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.migration = migration;
        this.jdbi = Jdbi.create(dataSource);
    }

    /** How hard SQLite syncs a commit to disk. */
    public enum SqliteSync {
        /** Sync on every commit: committed writes survive a power loss. */
        FULL,
        /** Sync at checkpoints only: committed writes survive the process being killed. */
        NORMAL
    }

    /**
     * Opens the database at {@code jdbcUrl} and migrates it.
     *
     * @param jdbcUrl a {@code jdbc:sqlite:} or {@code jdbc:postgresql:} URL
     * @param poolSize connections to keep
     * @param sqliteSync how SQLite syncs commits; ignored by PostgreSQL
     */
    public static Database open(String jdbcUrl, int poolSize, SqliteSync sqliteSync) {
        Dialect dialect = Dialect.of(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("openloop-" + dialect.name().toLowerCase());
        config.setMaximumPoolSize(poolSize);
        config.setConnectionTimeout(CONNECTION_WAIT.toMillis());
        if (dialect == Dialect.SQLITE) {
            createParentDirectory(jdbcUrl);
            SQLiteConfig sqlite = new SQLiteConfig();
            sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
            sqlite.setSynchronous(sqliteSync == SqliteSync.NORMAL
                    ? SQLiteConfig.SynchronousMode.NORMAL
                    : SQLiteConfig.SynchronousMode.FULL);
            sqlite.setBusyTimeout(30_000);
            sqlite.enforceForeignKeys(true);
            sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            config.setDataSourceProperties(sqlite.toProperties());
        } else {
            config.setInitializationFailTimeout(STARTUP_WAIT.toMillis());
            // Defaults only: the driver lets parameters in the URL win over these.
            // Group commit's batches become multi-row INSERTs: one round trip for many logs.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
            // Names the node's connections in pg_stat_activity, where the connection budget is checked.
            config.addDataSourceProperty("ApplicationName", "openloop");
            config.addDataSourceProperty("connectTimeout", "10");
            // A connection to a host that vanished without closing it would otherwise block its
            // caller (the group-commit writer, say) for as long as TCP takes to notice: hours. No
            // statement of ours runs for a minute; migrations use connections of their own.
            config.addDataSourceProperty("socketTimeout", "60");
            config.addDataSourceProperty("tcpKeepAlive", "true");
        }
        HikariDataSource dataSource = new HikariDataSource(config);
        MigrateResult migration;
        try {
            migration = migrate(dialect == Dialect.SQLITE ? dataSource : migrationDataSource(jdbcUrl), dialect);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(dataSource, dialect, migration);
    }

    private static MigrateResult migrate(DataSource dataSource, Dialect dialect) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:" + Dialect.SHARED_MIGRATIONS, "classpath:" + dialect.migrations())
                // On PostgreSQL a node waits on the migration lock for as long as another node
                // migrates, rather than giving up after Flyway's default of 50 tries.
                .lockRetryCount(-1)
                .load()
                .migrate();
    }

    /** Connections for Flyway without the pool's socket timeout: a migration may take long. */
    private static DataSource migrationDataSource(String jdbcUrl) {
        PGSimpleDataSource migrations = new PGSimpleDataSource();
        migrations.setURL(jdbcUrl);
        migrations.setApplicationName("openloop-migrations");
        return migrations;
    }

    private static void createParentDirectory(String jdbcUrl) {
        String file = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + parent, e);
        }
    }

    /** Has the pool report to {@code registry} (connections active, idle, pending; waits and usage), from now on. */
    public void bindMetrics(MeterRegistry registry) {
        dataSource.setMetricRegistry(registry);
    }

    /** The Jdbi to run SQL with. */
    public Jdbi jdbi() {
        return jdbi;
    }

    /** The dialect of this database. */
    public Dialect dialect() {
        return dialect;
    }

    /** What opening the database did to its schema: the migrations it applied, the version it is at. */
    public MigrateResult migration() {
        return migration;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
