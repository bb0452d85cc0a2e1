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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * A real OpenLoop node for a test: listening on a free port, on a fresh SQLite file of its own,
 * with a known API key. Requests go over real HTTP.
 */
public final class TestServer implements AutoCloseable {
    public static final String API_KEY = "test-key-0123456789";
    public static final ObjectMapper JSON = WireJson.lenient();

    private final OpenLoopServer server;
    private final Path dataDir;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(OpenLoopServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    /** A node on the embedded default. */
    public static TestServer start() {
        return start(Map.of());
    }

    /** A node with extra environment variables (e.g. a provider fake's base URL). */
    public static TestServer start(Map<String, String> extraEnv) {
        try {
            Path dataDir = Files.createTempDirectory("openloop-test");
            Map<String, String> env = new HashMap<>();
            env.put("OPENLOOP_PORT", "0");
            env.put("OPENLOOP_DATA_DIR", dataDir.toString());
            env.put("OPENLOOP_API_KEY", API_KEY);
            env.put("OPENLOOP_PROVIDER_RETRY_BASE_MS", "5");
            env.put("OPENLOOP_SHUTDOWN_GRACE_MS", "5000");
            env.putAll(extraEnv);
            return new TestServer(OpenLoopServer.start(ServerConfig.fromEnvironment(env)), dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        return Jdbi.create("jdbc:sqlite:" + dataDir.resolve("openloop.db"));
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

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        server.stop();
    }
}
