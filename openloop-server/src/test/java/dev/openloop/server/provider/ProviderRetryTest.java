package dev.openloop.server.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.Golden;
import dev.openloop.server.testing.ProviderFake;
import dev.openloop.server.testing.ProviderFake.Answer;
import dev.openloop.server.testing.SseEvents;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import dev.openloop.server.testing.UnacceptingPort;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * The retry policy end to end, beyond the fault matrix: a retried call that succeeds is answered
 * and logged as if nothing happened; the bound on attempts is the configured one; a provider's
 * {@code Retry-After} replaces the backoff; connecting is bounded by the connect timeout.
 */
class ProviderRetryTest extends EveryStoreSuite {
    private static final String KEY = "sk-test-retry-0123456789";

    private static ProviderFake fake;
    /** Five attempts, a backoff of a millisecond. */
    private static TestServer fiveAttempts;
    /** Three attempts, a backoff of ten minutes: only a Retry-After can make a retry come soon. */
    private static TestServer slowBackoff;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        fake = ProviderFake.start();
        Map<String, String> openai = Map.of("OPENAI_BASE_URL", fake.baseUrl() + "/v1", "OPENAI_API_KEY", KEY);
        fiveAttempts = TestServer.start(store, with(openai, Map.of("OPENLOOP_PROVIDER_MAX_ATTEMPTS", "5", "OPENLOOP_PROVIDER_RETRY_BASE_MS", "1")));
        slowBackoff = TestServer.start(store, with(openai, Map.of("OPENLOOP_PROVIDER_MAX_ATTEMPTS", "3",
                "OPENLOOP_PROVIDER_RETRY_BASE_MS", "600000", "OPENLOOP_PROVIDER_MAX_RETRY_AFTER_MS", "20000")));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        fiveAttempts.close();
        slowBackoff.close();
        fake.close();
    }

    @BeforeEach
    void quiet() {
        fake.reset();
    }

    private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
        Map<String, String> both = new java.util.HashMap<>(a);
        both.putAll(b);
        return both;
    }

    private static Map<String, Object> chat(String project, boolean stream) {
        return Map.of("project", project, "stream", stream,
                "messages", List.of(Map.of("role", "user", "content", "What is the capital of France?")),
                "model_config", Map.of("provider", "openai", "model", "gpt-4o"));
    }

    private static List<Map<String, Object>> logsOf(TestServer server, String project) {
        return server.database().withHandle(h -> h.createQuery(
                "SELECT l.status, l.error, l.output FROM logs l JOIN projects p ON p.id = l.project_id WHERE p.name = :name")
                .bind("name", project).mapToMap().list());
    }

    @Test
    void aCallThatSucceedsAfterFailuresIsAnsweredAndLoggedOnceWithoutError() {
        fake.enqueue(Answer.json(500, Golden.read("openai/error_500.json")))
                .enqueue(Answer.resetBeforeAnswer())
                .enqueue(Answer.closeBeforeAnswer())
                .enqueue(Answer.json(200, Golden.read("openai/chat_completion.json")));

        HttpResponse<String> response = fiveAttempts.postJson("/v4/chat", chat("retry-recovers", false));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(TestServer.json(response.body()).get("data").get(0).get("output").asText()).isEqualTo("The capital of France is Paris.");
        assertThat(fake.received()).hasSize(4);
        List<Map<String, Object>> logs = logsOf(fiveAttempts, "retry-recovers");
        assertThat(logs).hasSize(1);
        assertThat(logs.getFirst().get("status")).isEqualTo("complete");
        assertThat(logs.getFirst().get("error")).isNull();
    }

    @Test
    void aStreamIsRetriedWhileOpeningItAndThenRelayed() {
        fake.enqueue(Answer.json(429, Golden.read("openai/error_429.json")).withHeader("Retry-After", "0"))
                .enqueue(Answer.resetBeforeAnswer())
                .enqueue(Answer.sse(Golden.read("openai/stream_text.sse")));

        HttpResponse<String> response = fiveAttempts.postJson("/v4/chat", chat("retry-stream", true));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> events = SseEvents.data(response.body());
        assertThat(events).extracting(e -> e.get("data").get(0).get("output").asText()).containsExactly("The", " capital", " is Paris.", "");
        assertThat(fake.received()).hasSize(3);
        assertThat(logsOf(fiveAttempts, "retry-stream").getFirst().get("error")).isNull();
    }

    @Test
    void theNumberOfAttemptsIsTheConfiguredOne() {
        fake.otherwise(Answer.json(503, Golden.read("openai/error_503.json")));

        HttpResponse<String> response = fiveAttempts.postJson("/v4/chat", chat("retry-bound", false));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(fake.received()).hasSize(5);
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aRetryAfterReplacesTheBackoff() {
        // With a backoff of ten minutes, three attempts within the test's bound can only come
        // from honouring the provider's Retry-After (standard) and retry-after-ms (OpenAI's).
        fake.enqueue(Answer.json(429, Golden.read("openai/error_429.json")).withHeader("Retry-After", "0"))
                .enqueue(Answer.json(503, Golden.read("openai/error_503.json")).withHeader("retry-after-ms", "0"))
                .enqueue(Answer.json(200, Golden.read("openai/chat_completion.json")));

        HttpResponse<String> response = slowBackoff.postJson("/v4/chat", chat("retry-after", false));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(fake.received()).hasSize(3);
    }

    @Test
    void aRetryAfterBeyondTheLimitIsPassedOnInsteadOfWaitedFor() {
        fake.otherwise(Answer.json(429, Golden.read("openai/error_429.json")).withHeader("retry-after-ms", "30000"));

        HttpResponse<String> response = slowBackoff.postJson("/v4/chat", chat("retry-after-too-long", false));

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).contains("30");
        assertThat(fake.received()).hasSize(1);
    }

    @Test
    void connectingIsBoundedByTheConnectTimeout() {
        try (UnacceptingPort silent = UnacceptingPort.open();
                TestServer server = TestServer.start(store, Map.of("OPENAI_BASE_URL", silent.baseUrl() + "/v1", "OPENAI_API_KEY", KEY,
                        "OPENLOOP_PROVIDER_CONNECT_TIMEOUT_MS", "200", "OPENLOOP_PROVIDER_RETRY_BASE_MS", "1"))) {
            HttpResponse<String> response = server.postJson("/v4/chat", chat("connect-timeout", false));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
            JsonNode detail = TestServer.json(response.body()).get("detail");
            assertThat(detail.get("type").asText()).isEqualTo("timeout_error");
            assertThat(detail.get("origin").asText()).isEqualTo("OpenAI");
            assertThat(detail.get("message").asText()).contains("connect timeout");
            assertThat((String) logsOf(server, "connect-timeout").getFirst().get("error")).contains("timeout_error");
        }
    }
}
