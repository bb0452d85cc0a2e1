package dev.openloop.server.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.Golden;
import dev.openloop.server.testing.ProviderFake;
import dev.openloop.server.testing.ProviderFake.Answer;
import dev.openloop.server.testing.ServerProcess;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Provider keys, the server's and the requests', never show in what the node prints: a node runs
 * as a process of its own, its output captured whole, through calls that succeed and calls that
 * fail in every way that makes a server talk (errors quoting the key, broken connections, retries,
 * a key that cannot be sent, a stream failing midway, an Azure endpoint named without its key).
 */
class KeysStayOutOfTheServerOutputTest extends EveryStoreSuite {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void noKeyIsPrinted() throws InterruptedException {
        Map<String, ProviderFake> fakes = new HashMap<>();
        Map<String, String> env = new HashMap<>(Map.of("OPENLOOP_PROVIDER_MAX_ATTEMPTS", "2",
                "OPENLOOP_PROVIDER_RETRY_BASE_MS", "1"));
        List<String> secrets = new ArrayList<>();
        for (FaultProfile profile : FaultProfile.all()) {
            ProviderFake fake = ProviderFake.start();
            fakes.put(profile.provider(), fake);
            env.putAll(profile.environment().apply(fake.baseUrl()));
            secrets.add(profile.secret());
            secrets.add(requestKey(profile));
        }
        String output;
        try (TestDatabase database = TestDatabase.create(store);
                ServerProcess node = ServerProcess.start(database, env, "keys-output")) {
            for (FaultProfile profile : FaultProfile.all()) {
                callInEveryWay(node, profile, fakes.get(profile.provider()));
            }
            node.terminate();
            assertThat(node.process().waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).as("the node stopped").isTrue();
            output = node.output();
        } finally {
            fakes.values().forEach(ProviderFake::close);
        }

        assertThat(output).as("the node's output was captured").contains("OpenLoop listening");
        for (String secret : secrets) {
            assertThat(output).as("the node's output").doesNotContain(secret);
        }
    }

    private void callInEveryWay(ServerProcess node, FaultProfile profile, ProviderFake fake) {
        String serverKey = profile.secret();
        String requestKey = requestKey(profile);
        // With the server's key, then with the request's: an answer, an error quoting the key sent.
        fake.enqueue(Answer.json(200, Golden.read(profile.completion())));
        expect(node, chat(profile, null, false), 200);
        fake.enqueue(Answer.json(401, quoting(serverKey)));
        expect(node, chat(profile, null, false), 401);
        fake.enqueue(Answer.json(200, Golden.read(profile.completion())));
        expect(node, chat(profile, requestKey, false), 200);
        fake.enqueue(Answer.json(401, quoting(requestKey)));
        expect(node, chat(profile, requestKey, false), 401);
        // Failures the server retries, then gives up on.
        fake.enqueue(Answer.json(500, quoting(requestKey))).enqueue(Answer.resetBeforeAnswer());
        expect(node, chat(profile, requestKey, false), 502);
        // A stream that fails midway, and one whose connection is reset midway.
        fake.enqueue(Answer.sse(Golden.read(profile.streamFailure().golden())));
        expect(node, chat(profile, requestKey, true), 200);
        fake.enqueue(Answer.sse(Golden.read(profile.stream())).resetAfter(2));
        expect(node, chat(profile, requestKey, true), 200);
        // A key that cannot be sent: refused, and neither it nor a part of it is printed.
        expect(node, chat(profile, requestKey + "\r\nX-Injected: " + requestKey, false), 400);
        if (profile.provider().equals("openai_azure")) {
            Map<String, Object> foreignEndpoint = chat(profile, null, false);
            foreignEndpoint.put("provider_api_keys", Map.of("openai_azure_endpoint", ProviderFake.refusedUrl()));
            // Refused before any key is chosen: this node allows requests no endpoint of their own.
            expect(node, foreignEndpoint, 422);
        }
    }

    private static String requestKey(FaultProfile profile) {
        return "request-" + profile.provider() + "-key-5e8c1a9f3b7d";
    }

    /** An error body in the style most providers share, quoting {@code key} as some do. */
    private static String quoting(String key) {
        return "{\"error\":{\"message\":\"Incorrect API key provided: " + key + "\"},\"message\":\"invalid api token: " + key
                + "\",\"detail\":\"Invalid key " + key + "\"}";
    }

    private static Map<String, Object> chat(FaultProfile profile, String requestKey, boolean stream) {
        Map<String, Object> body = new HashMap<>();
        body.put("stream", stream);
        body.put("messages", List.of(Map.of("role", "user", "content", "What is the capital of France?")));
        body.put("model_config", Map.of("provider", profile.provider(), "model", profile.model()));
        if (requestKey != null) {
            body.put("provider_api_keys", Map.of(profile.provider(), requestKey));
        }
        return body;
    }

    private void expect(ServerProcess node, Map<String, Object> body, int status) {
        HttpResponse<String> response;
        try {
            response = client.send(HttpRequest.newBuilder(node.uri("/v4/chat"))
                    .header("X-API-KEY", TestServer.API_KEY)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(TestServer.JSON.writeValueAsString(body)))
                    .timeout(LIMIT)
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    }
}
