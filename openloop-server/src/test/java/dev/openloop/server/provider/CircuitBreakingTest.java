package dev.openloop.server.provider;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.Golden;
import dev.openloop.server.testing.ProviderFake;
import dev.openloop.server.testing.ProviderFake.Answer;
import dev.openloop.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node's breaker end to end: after the failures in a row it is set to, a provider is skipped
 * without being called (503, and a fallback answers when there is one), and {@code /metrics} shows
 * it open. Its timing (half open, the probe, the growing interval) is {@code CircuitBreakerTest}'s,
 * with a clock the test moves; here the interval is longer than any test.
 */
class CircuitBreakingTest {
    private static final String CHAT = "{\"model_config\":{\"provider\":\"openai\",\"model\":\"gpt-4o\"%s},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private ProviderFake openai;
    private TestServer server;

    @BeforeEach
    void start() {
        openai = ProviderFake.start();
        server = TestServer.start(Map.of("OPENAI_BASE_URL", openai.baseUrl() + "/v1", "OPENAI_API_KEY", "sk-breaker-0001",
                "OPENLOOP_PROVIDER_MAX_ATTEMPTS", "1", "OPENLOOP_BREAKER_FAILURES", "3",
                "OPENLOOP_BREAKER_OPEN_MS", "3600000"));
    }

    @AfterEach
    void stop() {
        server.close();
        openai.close();
    }

    @Test
    void afterRepeatedFailuresTheProviderIsSkippedAndAFallbackAnswers() {
        openai.otherwise(Answer.json(503, Golden.read("openai/error_503.json")));
        for (int i = 0; i < 3; i++) {
            expect(server.post("/v4/chat", CHAT.formatted("")), 503);
        }
        assertThat(server.get("/metrics").body())
                .contains("openloop_provider_circuit_state{gen_ai_provider_name=\"openai\"} 2.0")
                .contains("openloop_provider_circuit_state{gen_ai_provider_name=\"anthropic\"} 0.0");

        JsonNode skipped = expect(server.post("/v4/chat", CHAT.formatted("")), 503);
        assertThat(skipped.get("detail").get("origin").asText()).isEqualTo("OpenAI");
        assertThat(skipped.get("detail").get("message").asText()).contains("circuit open");

        JsonNode answered = expect(server.post("/v4/chat",
                CHAT.formatted(",\"fallbacks\":[{\"provider\":\"mock\",\"model\":\"mock-1\"}]")), 200);
        JsonNode attempts = TestServer.json(server.logRow(answered.get("data").get(0).get("id").asText()).get("attempts").asText());
        assertThat(attempts.get(0).get("outcome").asText()).isEqualTo("unavailable");
        assertThat(attempts.get(1).get("outcome").asText()).isEqualTo("success");

        assertThat(openai.received()).as("skipped calls never reach the provider").hasSize(3);
    }

    @Test
    void failuresTheRequestCausedDoNotOpenIt() {
        openai.otherwise(Answer.json(400, Golden.read("openai/error_400.json")));
        for (int i = 0; i < 5; i++) {
            expect(server.post("/v4/chat", CHAT.formatted("")), 422);
        }
        assertThat(openai.received()).hasSize(5);
        assertThat(server.get("/metrics").body()).contains("openloop_provider_circuit_state{gen_ai_provider_name=\"openai\"} 0.0");
    }
}
