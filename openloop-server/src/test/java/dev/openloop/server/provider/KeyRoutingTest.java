package dev.openloop.server.provider;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.Golden;
import dev.openloop.server.testing.LogCapture;
import dev.openloop.server.testing.ProviderFake;
import dev.openloop.server.testing.ProviderFake.Answer;
import dev.openloop.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A provider with several server keys, end to end against a fake that sees which key each call
 * carries: a refused key is taken out and reported by its label (log line, metric, {@code /readyz})
 * without showing it, a rate-limited key is skipped while it cools down, and a request's own key
 * still wins for its call.
 */
class KeyRoutingTest {
    private static final String EAST = "sk-routing-east-0001";
    private static final String WEST = "sk-routing-west-0002";
    private static final String CHAT = "{\"model_config\":{\"provider\":\"openai\",\"model\":\"gpt-4o\"},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private ProviderFake openai;
    private TestServer server;

    @BeforeEach
    void start() {
        openai = ProviderFake.start();
        server = TestServer.start(Map.of("OPENAI_BASE_URL", openai.baseUrl() + "/v1",
                "OPENAI_API_KEYS", "east:1:" + EAST + ",west:1:" + WEST,
                "OPENLOOP_PROVIDER_MAX_ATTEMPTS", "1"));
    }

    @AfterEach
    void stop() {
        server.close();
        openai.close();
    }

    private static Answer ok() {
        return Answer.json(200, Golden.read("openai/chat_completion.json"));
    }

    private String keyOf(ProviderFake.Received received) {
        return received.header("Authorization").substring("Bearer ".length());
    }

    @Test
    void aRefusedKeyIsTakenOutAndReportedByItsLabelOnly() {
        try (LogCapture log = LogCapture.of(KeyPool.class)) {
            openai.enqueue(Answer.json(401, Golden.read("openai/error_401.json"))).otherwise(ok());
            expect(server.post("/v4/chat", CHAT), 401);
            String refused = keyOf(openai.received().getFirst());
            String label = refused.equals(EAST) ? "east" : "west";
            String other = refused.equals(EAST) ? WEST : EAST;

            for (int i = 0; i < 20; i++) {
                expect(server.post("/v4/chat", CHAT), 200);
            }

            assertThat(openai.received().subList(1, 21)).extracting(this::keyOf).containsOnly(other);
            JsonNode ready = expect(server.get("/readyz"), 200);
            assertThat(ready.get("keys_out").toString()).isEqualTo("[\"openai '" + label + "'\"]");
            String metrics = server.get("/metrics").body();
            assertThat(metrics).contains("openloop_provider_key_state{key=\"" + label + "\",provider=\"openai\"} 2.0");
            assertThat(metrics).doesNotContain(EAST).doesNotContain(WEST);
            assertThat(log.messages(java.util.logging.Level.WARNING)).singleElement().asString()
                    .contains("'" + label + "' for openai (401)").doesNotContain(refused);
        }
    }

    @Test
    void aRateLimitedKeyIsSkippedWhileItCoolsDown() {
        openai.enqueue(Answer.json(429, Golden.read("openai/error_429.json")).withHeader("Retry-After", "120")).otherwise(ok());
        expect(server.post("/v4/chat", CHAT), 429);
        String limited = keyOf(openai.received().getFirst());

        for (int i = 0; i < 20; i++) {
            expect(server.post("/v4/chat", CHAT), 200);
        }

        assertThat(openai.received().subList(1, 21)).extracting(this::keyOf).doesNotContain(limited);
        String label = limited.equals(EAST) ? "east" : "west";
        assertThat(server.get("/metrics").body())
                .contains("openloop_provider_key_state{key=\"" + label + "\",provider=\"openai\"} 1.0");
        assertThat(expect(server.get("/readyz"), 200).has("keys_out")).as("a cooling key is not out").isFalse();
    }

    @Test
    void bothKeysAreUsedAndARequestsOwnKeyWinsForItsCall() {
        openai.otherwise(ok());
        for (int i = 0; i < 40; i++) {
            expect(server.post("/v4/chat", CHAT), 200);
        }
        // With weights 1:1 a key missing from 40 draws happens once in 2^39 runs.
        assertThat(openai.received()).extracting(this::keyOf).contains(EAST, WEST);

        expect(server.post("/v4/chat", CHAT.substring(0, CHAT.length() - 1)
                + ",\"provider_api_keys\":{\"openai\":\"sk-callers-own\"}}"), 200);
        assertThat(keyOf(openai.last())).isEqualTo("sk-callers-own");
        assertThat(List.of(EAST, WEST)).doesNotContain(keyOf(openai.last()));
    }
}
