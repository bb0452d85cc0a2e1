package dev.openloop.server.fuzz;

import static dev.openloop.server.testing.TestServer.expect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The node the fuzz tests send their inputs to, over real HTTP, and the verdict on each answer:
 * no 500, no hang (an answer within {@link #HANG}), no crash (the node still answers
 * {@code /healthz}), and an error in the door's shape. A node of every store can be fuzzed
 * ({@code -Dopenloop.fuzz.store=postgresql}); SQLite is the default.
 *
 * <p>It also names a project, a config, an experiment and a log that exist, so that inputs built
 * from the seeds reach past "not found" into the code that stores things.
 */
final class FuzzNode implements AutoCloseable {
    /** An answer slower than this is a hang: the mock's longest simulated wait is a minute. */
    static final Duration HANG = Duration.ofSeconds(90);

    private final TestServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private long checked;
    final String projectId;
    final String configId;
    final String experimentId;
    final String logId;

    private FuzzNode(TestServer server) {
        this.server = server;
        projectId = expect(server.post("/v4/projects", "{\"name\":\"fuzz\"}"), 201).get("id").asText();
        configId = expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"m\"}"), 200).get("config").get("id").asText();
        experimentId = expect(server.post("/v4/projects/" + projectId + "/experiments",
                "{\"name\":\"fuzz\",\"positive_labels\":[{\"type\":\"rating\",\"value\":\"good\"}],\"config_ids\":[\""
                        + configId + "\"]}"), 200).get("id").asText();
        logId = expect(server.post("/v4/logs", "{\"project_id\":\"" + projectId + "\",\"config_id\":\"" + configId
                + "\",\"output\":\"o\",\"reference_id\":\"fuzz-log\"}"), 200).get("id").asText();
    }

    static FuzzNode start() {
        TestStore store = TestStore.valueOf(System.getProperty("openloop.fuzz.store", "sqlite").toUpperCase(Locale.ROOT));
        return new FuzzNode(TestServer.start(store, Map.of("OPENLOOP_SQLITE_SYNCHRONOUS", "normal")));
    }

    /** Replaces the fixed ids in {@code path}: {@code {project}}, {@code {config}}, {@code {experiment}}, {@code {log}}. */
    String path(String template) {
        return template.replace("{project}", projectId).replace("{config}", configId).replace("{experiment}", experimentId)
                .replace("{log}", logId);
    }

    /** {@code body} with the placeholders of {@link #path} replaced, byte for byte elsewhere. */
    private byte[] withIds(byte[] body) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        return text.indexOf('{') < 0 ? body : path(text).getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Sends {@code body} (its placeholders replaced) with {@code method} to {@code path} and fails unless the answer is one a
     * caller may get: below 500, or a provider's failure (the mock fails on request, with origin
     * {@code Mock}), and a 422 in the v4 shape.
     */
    void send(String method, String path, byte[] body) {
        body = withIds(body);
        exchange(method, path, body);
    }

    private void exchange(String method, String path, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(server.uri(path))
                .timeout(HANG)
                .header("X-API-KEY", TestServer.API_KEY)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new AssertionError("hang: no answer within " + HANG.toSeconds() + " s to " + method + " " + path);
        } catch (IOException e) {
            throw new AssertionError("no answer to " + method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        verdict(method + " " + path, response);
        if (++checked % 1000 == 0) {
            alive();
        }
    }

    private static void verdict(String what, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 200 || status == 201 || status == 204) {
            return;
        }
        JsonNode body;
        try {
            body = TestServer.json(response.body());
        } catch (RuntimeException notJson) {
            throw new AssertionError(what + " answered " + status + " with a body that is not JSON: " + response.body());
        }
        if (what.contains(" /v1/")) {
            openAiVerdict(what, status, body, response);
            return;
        }
        JsonNode detail = body.get("detail");
        if (detail == null) {
            throw new AssertionError(what + " answered " + status + " without a detail: " + response.body());
        }
        if (status >= 500) {
            boolean providers = detail.isObject() && "Mock".equals(detail.path("origin").asText());
            if (!providers) {
                throw new AssertionError(what + " answered " + status + ": " + response.body());
            }
        }
        if (status == 422 && detail.isArray()) {
            for (JsonNode problem : detail) {
                if (!problem.path("loc").isArray() || !problem.path("msg").isTextual() || !problem.path("type").isTextual()) {
                    throw new AssertionError(what + ": a 422 not in the v4 shape: " + response.body());
                }
            }
        }
    }

    /**
     * The verdict on an answer of the {@code /v1} door: an error in OpenAI's shape, never a 500,
     * and a 5xx only for the mock's own failures (the provider in {@code code}).
     */
    private static void openAiVerdict(String what, int status, JsonNode body, HttpResponse<String> response) {
        JsonNode error = body.get("error");
        if (error == null || !error.path("message").isTextual() || !error.path("type").isTextual()
                || !error.has("param") || !error.has("code")) {
            throw new AssertionError(what + " answered " + status + " not in OpenAI's error shape: " + response.body());
        }
        if (status >= 500 && !"Mock".equals(error.path("code").asText())) {
            throw new AssertionError(what + " answered " + status + ": " + response.body());
        }
    }

    /** Fails unless the node still answers its health check. */
    void alive() {
        HttpResponse<String> health = server.get("/healthz");
        if (health.statusCode() != 200) {
            throw new AssertionError("crash: /healthz answered " + health.statusCode());
        }
    }

    @Override
    public void close() {
        try {
            alive();
        } finally {
            server.close();
        }
    }
}
