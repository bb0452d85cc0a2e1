package dev.openloop.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openloop.server.OpenLoopServer;
import dev.openloop.server.ServerConfig;
import dev.openloop.server.apikey.ApiKeyHash;
import dev.openloop.server.apikey.ApiKeyStore;
import dev.openloop.server.apikey.KeysCommand;
import dev.openloop.server.store.Database;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.ServerProcess;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code X-API-KEY} on every /v4 route: 401 without a known key; keys stored only as hashes; a
 * generated key printed once; keys created and revoked with {@code ./openloop keys}, a revoked one
 * refused by every node once its cache time has passed.
 */
class ApiKeyTest extends EveryStoreSuite {
    /** A short cache time, so a revocation reaches the nodes while the test waits. */
    private static final Map<String, String> SHORT_CACHE = Map.of("OPENLOOP_API_KEY_CACHE_MS", "200");
    private static final Pattern GENERATED_KEY = Pattern.compile("ol_[A-Za-z0-9]{40}");
    private static final Pattern KEY_ID = Pattern.compile("key_[0-9a-f]{12}");
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

    @Test
    void aGeneratedKeyIsPrintedOnTheFirstStartOnly() throws Exception {
        try (TestDatabase database = TestDatabase.create(store)) {
            Map<String, String> noKey = Map.of("OPENLOOP_API_KEY", "");
            String key;
            try (ServerProcess first = ServerProcess.start(database, noKey, "first")) {
                Matcher printed = GENERATED_KEY.matcher(first.output());
                assertThat(printed.find()).as("a key is printed:\n" + first.output()).isTrue();
                key = printed.group();
                assertThat(printed.find()).as("printed once").isFalse();
                assertThat(first.output()).contains("A new API key was generated");
                assertThat(get(first.port(), key).statusCode()).isEqualTo(200);
            }
            try (ServerProcess second = ServerProcess.start(database, noKey, "second")) {
                assertThat(second.output()).doesNotContain(key).doesNotContain("A new API key was generated");
                assertThat(GENERATED_KEY.matcher(second.output()).find()).isFalse();
                assertThat(get(second.port(), key).statusCode()).as("the first key still works").isEqualTo(200);
            }
        }
    }

    @Test
    void aKeyRevokedWithTheCommandStopsWorkingOnEveryNodeWithinTheirCacheTime() throws Exception {
        try (TestDatabase database = TestDatabase.create(store);
                TestServer a = TestServer.startOn(database, nodeEnv("node-a"));
                TestServer b = TestServer.startOn(database, nodeEnv("node-b"))) {
            ServerProcess.Finished created = ServerProcess.run(database, Map.of(), "keys", "create", "--name", "ci pipeline");
            assertThat(created.exitCode()).as(created.output()).isZero();
            String key = found(GENERATED_KEY, created.output());
            String id = found(KEY_ID, created.output());
            assertThat(get(a.port(), key).statusCode()).as("accepted at once").isEqualTo(200);
            assertThat(get(b.port(), key).statusCode()).isEqualTo(200);
            assertThat(database.holds(key)).as("only its hash is stored").isFalse();

            ServerProcess.Finished listed = ServerProcess.run(database, Map.of(), "keys", "list");
            assertThat(listed.output()).containsPattern(id + " .* active .* ci pipeline").doesNotContain(key);

            ServerProcess.Finished revoked = ServerProcess.run(database, Map.of(), "keys", "revoke", id);
            assertThat(revoked.exitCode()).as(revoked.output()).isZero();
            assertThat(revoked.output()).contains("Revoked " + id);

            awaitRefused(b, key);
            awaitRefused(a, key);
            assertThat(get(b.port(), TestServer.API_KEY).statusCode()).as("other keys still work").isEqualTo(200);
        }
    }

    @Test
    void anotherConfiguredKeyAddsToTheOldOneAndARevokedConfiguredKeyStopsTheStart() throws Exception {
        try (TestDatabase database = TestDatabase.create(store)) {
            try (TestServer first = TestServer.startOn(database, Map.of("OPENLOOP_API_KEY", "the-first-key-0123456789"))) {
                assertThat(get(first.port(), "the-first-key-0123456789").statusCode()).isEqualTo(200);
            }
            Map<String, String> rotated = new HashMap<>(SHORT_CACHE);
            rotated.put("OPENLOOP_API_KEY", "the-second-key-0123456789");
            try (TestServer second = TestServer.startOn(database, rotated)) {
                assertThat(get(second.port(), "the-second-key-0123456789").statusCode()).isEqualTo(200);
                assertThat(get(second.port(), "the-first-key-0123456789").statusCode())
                        .as("a key set before stays valid until it is revoked").isEqualTo(200);

                String firstId = ApiKeyHash.idOf(ApiKeyHash.of("the-first-key-0123456789"));
                assertThat(revoke(database, firstId)).isZero();
                awaitRefused(second, "the-first-key-0123456789");
            }
            Map<String, String> revokedKey = new HashMap<>(database.env());
            revokedKey.put("OPENLOOP_PORT", "0");
            revokedKey.put("OPENLOOP_API_KEY", "the-first-key-0123456789");
            assertThatThrownBy(() -> OpenLoopServer.start(ServerConfig.fromEnvironment(revokedKey)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("OPENLOOP_API_KEY is the key key_")
                    .hasMessageContaining("which was revoked");
        }
    }

    @Test
    void withEveryKeyRevokedANodeStartingWithoutAConfiguredKeyGeneratesANewOne() throws Exception {
        try (TestDatabase database = TestDatabase.create(store)) {
            Map<String, String> env = new HashMap<>(database.env());
            env.put("OPENLOOP_PORT", "0");
            OpenLoopServer first = OpenLoopServer.start(ServerConfig.fromEnvironment(env));
            String firstKey = first.generatedApiKey().orElseThrow();
            first.stop();
            assertThat(revoke(database, ApiKeyHash.idOf(ApiKeyHash.of(firstKey)))).isZero();

            OpenLoopServer second = OpenLoopServer.start(ServerConfig.fromEnvironment(env));
            try {
                String secondKey = second.generatedApiKey().orElseThrow(() -> new AssertionError("no active key, so one is made"));
                assertThat(get(second.port(), secondKey).statusCode()).isEqualTo(200);
                assertThat(get(second.port(), firstKey).statusCode()).isEqualTo(401);
            } finally {
                second.stop();
            }
        }
    }

    private Map<String, String> nodeEnv(String nodeId) {
        Map<String, String> env = new HashMap<>(SHORT_CACHE);
        env.put("OPENLOOP_NODE_ID", nodeId);
        return env;
    }

    /** Revokes a key in this JVM, as {@code ./openloop keys revoke} does; returns its exit status. */
    private static int revoke(TestDatabase database, String id) {
        try (Database opened = Database.open(database.jdbcUrl(), 2, Database.SqliteSync.FULL)) {
            return new KeysCommand(new ApiKeyStore(opened.jdbi()), ref -> java.util.Optional.empty(), System.out, System.err).revoke(id);
        }
    }

    private HttpResponse<String> get(int port, String key) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v4/environments"))
                .header("X-API-KEY", key).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until {@code node} answers 401 to {@code key}: a revoked key is refused once the node's cache time passed. */
    private void awaitRefused(TestServer node, String key) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        int status;
        while ((status = get(node.port(), key).statusCode()) == 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(status).as("the revoked key, on the node on port " + node.port()).isEqualTo(401);
    }

    private static String found(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as(pattern + " in:\n" + text).isTrue();
        return matcher.group();
    }
}
