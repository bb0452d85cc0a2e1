package dev.openloop.server;

import dev.openloop.server.config.EnvReader;
import dev.openloop.server.limit.LimitSettings;
import dev.openloop.server.observe.ObserveSettings;
import dev.openloop.server.provider.ProviderSettings;
import dev.openloop.server.store.Database;
import dev.openloop.server.store.Ids;
import dev.openloop.server.transport.TransportLimits;
import dev.openloop.server.web.InputLimits;
import dev.openloop.server.cost.PriceTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Everything the server is configured with, read from {@code OPENLOOP_*} (and the providers')
 * environment variables; the README's configuration table describes each one.
 *
 * @param host address to listen on
 * @param port port to listen on; 0 picks a free one
 * @param dataDir where the embedded SQLite database lives
 * @param databaseUrl the JDBC URL of the database
 * @param apiKey a key to accept in {@code X-API-KEY}, or {@code null}
 * @param apiKeyCacheTtl how long a node accepts a key it found active without looking again: the
 *     longest a revoked key goes on working on a node
 * @param nodeId this node's name, recorded on the logs it is streaming; by default its address, which
 *     names it again after a restart (a node on a free port, 0, gets a name of its own instead)
 * @param dbPoolSize database connections to keep
 * @param sqliteSync how hard SQLite syncs a commit
 * @param maxBodyBytes the largest request body accepted
 * @param transport what one connection may hold of the node: the connection cap and the timeouts
 * @param drainDelay how long a stopping server keeps taking requests while {@code /readyz} says it
 *     is stopping, so that a load balancer sees that before the port closes
 * @param shutdownGrace how long a stopping server waits for requests in flight
 * @param streamKeepAlive how long a stream may stay quiet before a keep-alive comment is sent
 * @param experimentSeed seeds the experiments' random draws, for repeatable runs; null for a random seed
 * @param providers provider keys, base URLs, timeouts and retries
 * @param limits how much one request may ask of the node
 * @param observe the format and levels of the node's log, and where its metrics are served
 * @param prices the prices calls are costed at: the shipped table, with {@code OPENLOOP_PRICES_FILE} over it
 * @param limitSettings where the rate limits' and budgets' counters live (Redis or memory) and what happens without them
 */
public record ServerConfig(
        String host,
        int port,
        Path dataDir,
        String databaseUrl,
        String apiKey,
        Duration apiKeyCacheTtl,
        String nodeId,
        int dbPoolSize,
        Database.SqliteSync sqliteSync,
        long maxBodyBytes,
        TransportLimits transport,
        Duration drainDelay,
        Duration shutdownGrace,
        Duration streamKeepAlive,
        Long experimentSeed,
        ProviderSettings providers,
        InputLimits limits,
        ObserveSettings observe,
        PriceTable prices,
        LimitSettings limitSettings) {

    /** Reads the configuration from environment variables. */
    public static ServerConfig fromEnvironment(Map<String, String> env) {
        EnvReader read = new EnvReader(env);
        String host = read.string("OPENLOOP_HOST", "127.0.0.1");
        int port = read.integer("OPENLOOP_PORT", 8080);
        Path dataDir = Path.of(read.string("OPENLOOP_DATA_DIR", "./data"));
        String databaseUrl = read.string("OPENLOOP_DATABASE_URL",
                "jdbc:sqlite:" + dataDir.resolve("openloop.db").toAbsolutePath().normalize());
        boolean sqlite = databaseUrl.startsWith("jdbc:sqlite:");
        return new ServerConfig(
                host,
                port,
                dataDir,
                databaseUrl,
                read.string("OPENLOOP_API_KEY", null),
                nonNegative("OPENLOOP_API_KEY_CACHE_MS", read.duration("OPENLOOP_API_KEY_CACHE_MS", Duration.ofSeconds(30))),
                read.string("OPENLOOP_NODE_ID", port == 0 ? host + ":any-" + Ids.next("") : host + ":" + port),
                read.integer("OPENLOOP_DB_POOL_SIZE", sqlite ? 8 : 16),
                sqliteSync(read.string("OPENLOOP_SQLITE_SYNCHRONOUS", "full")),
                read.integer("OPENLOOP_MAX_BODY_BYTES", 32 * 1024 * 1024),
                TransportLimits.fromEnvironment(read),
                nonNegative("OPENLOOP_DRAIN_DELAY_MS", read.duration("OPENLOOP_DRAIN_DELAY_MS", Duration.ZERO)),
                read.duration("OPENLOOP_SHUTDOWN_GRACE_MS", Duration.ofSeconds(30)),
                read.duration("OPENLOOP_STREAM_KEEPALIVE_MS", Duration.ofSeconds(15)),
                read.string("OPENLOOP_EXPERIMENT_SEED", null) == null ? null : (long) read.integer("OPENLOOP_EXPERIMENT_SEED", 0),
                ProviderSettings.fromEnvironment(read),
                InputLimits.fromEnvironment(read),
                ObserveSettings.fromEnvironment(read, host),
                PriceTable.load(pricesFile(read.string("OPENLOOP_PRICES_FILE", null))),
                LimitSettings.fromEnvironment(read));
    }

    /** A copy listening on another port (tests use 0). */
    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, dataDir, databaseUrl, apiKey, apiKeyCacheTtl, nodeId, dbPoolSize,
                sqliteSync, maxBodyBytes, transport, drainDelay, shutdownGrace, streamKeepAlive, experimentSeed, providers,
                limits, observe, prices, limitSettings);
    }

    private static Path pricesFile(String value) {
        return value == null || value.isBlank() ? null : Path.of(value.strip());
    }

    private static Duration nonNegative(String name, Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, not " + value.toMillis());
        }
        return value;
    }

    private static Database.SqliteSync sqliteSync(String value) {
        return switch (value.toLowerCase()) {
            case "full" -> Database.SqliteSync.FULL;
            case "normal" -> Database.SqliteSync.NORMAL;
            default -> throw new IllegalArgumentException("OPENLOOP_SQLITE_SYNCHRONOUS must be full or normal, not '" + value + "'");
        };
    }

    /** The random source of experiment draws: seeded when {@code OPENLOOP_EXPERIMENT_SEED} is set. */
    public UniformRandomProvider experimentRandom() {
        return experimentSeed == null
                ? RandomSource.XO_RO_SHI_RO_128_PP.create()
                : RandomSource.XO_RO_SHI_RO_128_PP.create(experimentSeed);
    }
}
