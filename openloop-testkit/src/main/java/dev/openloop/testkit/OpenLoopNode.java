package dev.openloop.testkit;

import dev.openloop.server.OpenLoopServer;
import dev.openloop.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real OpenLoop node for end-to-end tests: started in the test JVM on a free port, on a fresh
 * SQLite file of its own, with a known API key, the mock provider available. Clients talk to it
 * over real HTTP at {@link #basePath()} with {@link #API_KEY}.
 *
 * <pre>{@code
 * try (OpenLoopNode node = OpenLoopNode.start()) {
 *     // send requests to node.basePath() with X-API-KEY: OpenLoopNode.API_KEY
 * }
 * }</pre>
 */
public final class OpenLoopNode implements AutoCloseable {
    /** The API key the node accepts. */
    public static final String API_KEY = "sdk-test-key-0123456789";

    private final OpenLoopServer server;
    private final Path dataDir;

    private OpenLoopNode(OpenLoopServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    /**
     * A node on the embedded default (the mock provider always available).
     *
     * @return the running node
     */
    public static OpenLoopNode start() {
        return start(Map.of());
    }

    /**
     * A node with extra environment variables, e.g. a provider's base URL.
     *
     * @param extraEnv {@code OPENLOOP_*} or provider variables, added to (or replacing) the node's own
     * @return the running node
     */
    public static OpenLoopNode start(Map<String, String> extraEnv) {
        try {
            Path dataDir = Files.createTempDirectory("openloop-sdk-test");
            Map<String, String> env = new HashMap<>();
            env.put("OPENLOOP_PORT", "0");
            env.put("OPENLOOP_DATA_DIR", dataDir.toString());
            env.put("OPENLOOP_API_KEY", API_KEY);
            env.put("OPENLOOP_PROVIDER_RETRY_BASE_MS", "5");
            env.put("OPENLOOP_SHUTDOWN_GRACE_MS", "5000");
            env.putAll(extraEnv);
            return new OpenLoopNode(OpenLoopServer.start(ServerConfig.fromEnvironment(env)), dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The node's v4 API, as a client's base path.
     *
     * @return e.g. {@code http://127.0.0.1:41234/v4}
     */
    public String basePath() {
        return "http://127.0.0.1:" + server.port() + "/v4";
    }

    /**
     * How many logs the node has stored: one per sample, failed provider calls included.
     *
     * @return the number of rows in its {@code logs} table
     */
    public int logCount() {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("openloop.db"));
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM logs")) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the node and deletes its data directory, so a test run leaves nothing behind. */
    @Override
    public void close() {
        server.stop();
        try (Stream<Path> paths = Files.walk(dataDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
