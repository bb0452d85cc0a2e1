package dev.openloop.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openloop.api.json.WireJson;
import dev.openloop.server.OpenLoopServer;
import dev.openloop.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * A real OpenLoop node for a test: listening on a free port, on a fresh database of its own (a
 * SQLite file unless a {@link TestStore} says otherwise), with a known API key. Requests go over
 * real HTTP.
 */
public final class TestServer implements AutoCloseable {
    public static final String API_KEY = "test-key-0123456789";
    public static final ObjectMapper JSON = WireJson.lenient();

    private final OpenLoopServer server;
    private final TestDatabase database;
    private final boolean ownsDatabase;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(OpenLoopServer server, TestDatabase database, boolean ownsDatabase) {
        this.server = server;
        this.database = database;
        this.ownsDatabase = ownsDatabase;
    }

    /** A node on the embedded default. */
    public static TestServer start() {
        return start(TestStore.SQLITE, Map.of());
    }

    /** A node with extra environment variables (e.g. a provider fake's base URL). */
    public static TestServer start(Map<String, String> extraEnv) {
        return start(TestStore.SQLITE, extraEnv);
    }

    /** A node on a fresh database of {@code store}. */
    public static TestServer start(TestStore store) {
        return start(store, Map.of());
    }

    /** A node on a fresh database of {@code store}, with extra environment variables; closing it drops the database. */
    public static TestServer start(TestStore store, Map<String, String> extraEnv) {
        TestDatabase database = TestDatabase.create(store);
        try {
            return new TestServer(OpenLoopServer.start(ServerConfig.fromEnvironment(environment(database, extraEnv))),
                    database, true);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /**
     * A node on an existing database, e.g. a second node beside another, or a node restarted on
     * what the last one wrote; closing it leaves the database to its owner.
     */
    public static TestServer startOn(TestDatabase database, Map<String, String> extraEnv) {
        return new TestServer(OpenLoopServer.start(ServerConfig.fromEnvironment(environment(database, extraEnv))),
                database, false);
    }

    private static Map<String, String> environment(TestDatabase database, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(database.env());
        env.put("OPENLOOP_PORT", "0");
        env.put("OPENLOOP_API_KEY", API_KEY);
        env.put("OPENLOOP_PROVIDER_RETRY_BASE_MS", "5");
        env.put("OPENLOOP_SHUTDOWN_GRACE_MS", "5000");
        // Tests make providers fail on purpose, many times in a row: the breaker would skip the
        // provider for the next test. The tests that judge the breaker turn it on.
        env.put("OPENLOOP_BREAKER_FAILURES", "0");
        env.putAll(extraEnv);
        return env;
    }

    /** The port of the metrics listener, when {@code OPENLOOP_METRICS_PORT} asked for one of its own. */
    public int metricsPort() {
        return server.metricsPort().orElseThrow();
    }

    public int port() {
        return server.port();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** POSTs a JSON body with the API key. */
    public HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("X-API-KEY", API_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** POSTs {@code body} serialized as JSON with the API key. */
    public HttpResponse<String> postJson(String path, Object body) {
        try {
            return post(path, JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PATCHes a JSON body with the API key. */
    public HttpResponse<String> patch(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("X-API-KEY", API_KEY)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** DELETEs with the API key. */
    public HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("X-API-KEY", API_KEY).DELETE().build());
    }

    /** The JSON body of {@code response}, after checking its status. */
    public static JsonNode expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new AssertionError("expected " + status + " from " + response.request().method() + " "
                    + response.uri().getPath() + " but got " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? null : json(response.body());
    }

    /** GETs with the API key. */
    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("X-API-KEY", API_KEY).GET().build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpClient client() {
        return client;
    }

    /** Parses a JSON text. */
    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    /** The node's database, opened separately, for assertions on what was stored. */
    public Jdbi database() {
        return database.jdbi();
    }

    /** The store the node runs on. */
    public TestStore store() {
        return database.store();
    }

    /** Whether {@code text} is stored anywhere in the node's database (see {@link TestDatabase#holds}). */
    public boolean databaseHolds(String text) {
        return database.holds(text);
    }

    /** One row of the logs table, as a JSON object (column → value). */
    public JsonNode logRow(String id) {
        Map<String, Object> row = database().withHandle(h -> h.createQuery("SELECT * FROM logs WHERE id = :id")
                .bind("id", id)
                .mapToMap()
                .findOne()
                .orElseThrow(() -> new AssertionError("no log row " + id)));
        return JSON.valueToTree(row);
    }

    /** How many log rows there are. */
    public int logCount() {
        return database().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM logs").mapTo(Integer.class).one());
    }

    /** The node's data directory (on PostgreSQL it holds nothing). */
    public Path dataDir() {
        return database.dataDir();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } finally {
            if (ownsDatabase) {
                database.close();
            }
        }
    }
}
