package dev.openloop.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.OpenLoopServer;
import dev.openloop.server.ServerConfig;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code X-API-KEY} on every /v4 route: 401 without a known key; keys stored only as hashes. */
class ApiKeyTest extends EveryStoreSuite {
    private static final String CHAT = "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"model_config\":{\"provider\":\"mock\",\"model\":\"m\"}}";
    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> post(int port, String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(CHAT));
        if (key != null) {
            request.header("X-API-KEY", key);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aMissingOrUnknownKeyIs401WithADetail() throws Exception {
        try (TestServer server = TestServer.start(store)) {
            HttpResponse<String> missing = post(server.port(), "/v4/chat", null);
            assertThat(missing.statusCode()).isEqualTo(401);
            assertThat(TestServer.json(missing.body()).get("detail").asText()).contains("X-API-KEY");
            HttpResponse<String> wrong = post(server.port(), "/v4/chat", "not-the-key");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(TestServer.json(wrong.body()).get("detail").asText()).isEqualTo("Invalid API key");
            assertThat(post(server.port(), "/v4/no-such-route", null).statusCode()).as("auth comes before routing").isEqualTo(401);
            assertThat(post(server.port(), "/v4/chat", TestServer.API_KEY).statusCode()).isEqualTo(200);
            assertThat(server.logCount()).isEqualTo(1);
        }
    }

    @Test
    void healthNeedsNoKeyAndUnknownRoutesAreJson404() throws Exception {
        try (TestServer server = TestServer.start(store)) {
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(server.uri("/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<String> unknown = server.get("/v4/nothing-here");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(TestServer.json(unknown.body()).get("detail").asText()).isEqualTo("Not Found");
        }
    }

    @Test
    void withoutAConfiguredKeyOneIsGeneratedOnceAndOnlyItsHashIsStored() throws Exception {
        try (TestDatabase database = TestDatabase.create(store)) {
            Map<String, String> env = new HashMap<>(database.env());
            env.put("OPENLOOP_PORT", "0");
            OpenLoopServer first = OpenLoopServer.start(ServerConfig.fromEnvironment(env));
            String key;
            try {
                assertThat(first.generatedApiKey()).isPresent();
                key = first.generatedApiKey().get();
                assertThat(key).hasSizeGreaterThan(30);
                assertThat(post(first.port(), "/v4/chat", key).statusCode()).isEqualTo(200);
            } finally {
                first.stop();
            }
            List<String> stored = database.jdbi()
                    .withHandle(h -> h.createQuery("SELECT key_hash FROM api_keys").mapTo(String.class).list());
            assertThat(stored).hasSize(1).noneMatch(hash -> hash.contains(key));
            assertThat(database.holds(stored.getFirst())).as("the search sees what was stored").isTrue();
            assertThat(database.holds(key)).isFalse();

            OpenLoopServer second = OpenLoopServer.start(ServerConfig.fromEnvironment(env));
            try {
                assertThat(second.generatedApiKey()).as("a stored key exists, so none is generated").isEmpty();
                assertThat(post(second.port(), "/v4/chat", key).statusCode()).isEqualTo(200);
            } finally {
                second.stop();
            }
        }
    }
}
