package dev.openloop.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.provider.ProviderMetrics;
import dev.openloop.server.testing.Golden;
import dev.openloop.server.testing.ProviderFake;
import dev.openloop.server.testing.ProviderFake.Answer;
import dev.openloop.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} scraped after real chats, parsed as Prometheus' text format: request counts by
 * route template, provider calls by outcome, and token sums equal to what the answers reported.
 */
class MetricsTest {

    @Test
    void countsAndTokenSumsMatchTheChatsServed() {
        try (TestServer node = TestServer.start()) {
            int promptTokens = 0;
            int generationTokens = 0;
            for (int i = 0; i < 3; i++) {
                JsonNode answer = TestServer.expect(node.post("/v4/chat", chat("metrics", "m", false)), 200);
                promptTokens += answer.get("usage").get("prompt_tokens").asInt();
                generationTokens += answer.get("usage").get("generation_tokens").asInt();
            }
            assertThat(node.post("/v4/chat", chat("metrics", "m", true)).statusCode()).isEqualTo(200);
            TestServer.expect(node.get("/v4/projects/pr_no-such-project"), 404);

            PrometheusText metrics = scrape(node);

            assertThat(metrics.sum("http_server_requests_seconds_count",
                    Map.of("method", "POST", "route", "/v4/chat", "status", "200"))).isEqualTo(4);
            assertThat(metrics.sum("http_server_requests_seconds_count",
                    Map.of("method", "GET", "route", "/v4/projects/{id}", "status", "404"))).isEqualTo(1);
            assertThat(metrics.samples()).noneMatch(s -> s.labels().containsValue("/v4/projects/pr_no-such-project"));
            assertThat(metrics.matching("http_server_requests_seconds_bucket", Map.of("route", "/v4/chat"))).isNotEmpty();

            Map<String, String> mock = Map.of("gen_ai_provider_name", "mock", "gen_ai_request_model", "m");
            assertThat(metrics.sum("gen_ai_client_operation_duration_seconds_count", with(mock, "outcome", "success")))
                    .isEqualTo(4);
            assertThat(metrics.sum("gen_ai_client_time_to_first_token_seconds_count", mock)).isEqualTo(1);
            // The stream's tokens come on top of the three answers'.
            double input = metrics.sum("gen_ai_client_token_usage_sum", with(mock, "gen_ai_token_type", "input"));
            double output = metrics.sum("gen_ai_client_token_usage_sum", with(mock, "gen_ai_token_type", "output"));
            assertThat(input).isGreaterThan(promptTokens);
            assertThat(metrics.sum("gen_ai_client_token_usage_count", with(mock, "gen_ai_token_type", "input"))).isEqualTo(4);
            assertThat(output).isGreaterThan(generationTokens);
            assertThat(metrics.sum("openloop_streams_open", Map.of())).isZero();

            assertThat(metrics.sum("openloop_writer_batch_size_sum", Map.of("writer", "logs"))).isGreaterThanOrEqualTo(4);
            assertThat(metrics.has("openloop_writer_queued")).isTrue();
            assertThat(metrics.has("openloop_writer_commit_duration_seconds_count")).isTrue();
            assertThat(metrics.has("hikaricp_connections_active")).isTrue();
            assertThat(metrics.has("jvm_memory_used_bytes")).isTrue();
            assertThat(metrics.has("jvm_threads_live_threads")).isTrue();
            assertThat(metrics.has("jvm_gc_memory_allocated_bytes_total")).isTrue();
        }
    }

    @Test
    void tokensAreCountedPerProjectAsTheProviderReportedThem() {
        try (TestServer node = TestServer.start()) {
            JsonNode first = TestServer.expect(node.post("/v4/chat", chat("tokens-a", "m", false)), 200);
            JsonNode second = TestServer.expect(node.post("/v4/chat", chat("tokens-b", "m", false)), 200);
            TestServer.expect(node.post("/v4/chat", chat("tokens-b", "m", false)), 200);

            PrometheusText metrics = scrape(node);

            Map<String, String> a = Map.of("project", first.get("project_id").asText(), "gen_ai_token_type", "input");
            Map<String, String> b = Map.of("project", second.get("project_id").asText(), "gen_ai_token_type", "output");
            assertThat(metrics.sum("gen_ai_client_token_usage_sum", a)).isEqualTo(first.get("usage").get("prompt_tokens").asInt());
            assertThat(metrics.sum("gen_ai_client_token_usage_sum", b))
                    .isEqualTo(2 * second.get("usage").get("generation_tokens").asInt());
        }
    }

    @Test
    void aProvidersRateLimitIsAnOutcomeOfItsOwn() {
        try (ProviderFake fake = ProviderFake.start();
                TestServer node = TestServer.start(Map.of("OPENAI_BASE_URL", fake.baseUrl() + "/v1", "OPENAI_API_KEY", "sk-env",
                        "OPENLOOP_PROVIDER_MAX_ATTEMPTS", "1"))) {
            fake.enqueue(Answer.json(429, Golden.read("openai/error_429.json")));
            assertThat(node.post("/v4/chat", chat("limited", "gpt-4o-mini", false, "openai")).statusCode()).isEqualTo(429);

            PrometheusText metrics = scrape(node);

            assertThat(metrics.sum("gen_ai_client_operation_duration_seconds_count", Map.of("gen_ai_provider_name", "openai",
                    "gen_ai_request_model", "gpt-4o-mini", "outcome", "rate_limited"))).isEqualTo(1);
            assertThat(metrics.sum("http_server_requests_seconds_count", Map.of("route", "/v4/chat", "status", "429")))
                    .isEqualTo(1);
        }
    }

    @Test
    void modelNamesFromCallersAreBoundedLabels() {
        try (TestServer node = TestServer.start()) {
            for (int i = 0; i < ProviderMetrics.MAX_MODELS + 5; i++) {
                TestServer.expect(node.post("/v4/chat", chat("many-models", "model-" + i, false)), 200);
            }
            PrometheusText metrics = scrape(node);

            List<PrometheusText.Sample> calls = metrics.matching("gen_ai_client_operation_duration_seconds_count", Map.of("gen_ai_provider_name", "mock"));
            assertThat(calls).hasSize(ProviderMetrics.MAX_MODELS + 1);
            assertThat(metrics.sum("gen_ai_client_operation_duration_seconds_count",
                    Map.of("gen_ai_request_model", BoundedLabels.OTHER))).isEqualTo(5);
        }
    }

    @Test
    void theMainPortAsksForAnApiKey() throws Exception {
        try (TestServer node = TestServer.start()) {
            HttpResponse<String> anonymous = node.client().send(HttpRequest.newBuilder(node.uri("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).doesNotContain("jvm_");
            HttpResponse<String> wrong = node.client().send(HttpRequest.newBuilder(node.uri("/metrics"))
                    .header("X-API-KEY", "not-a-key").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aKeyThatIsNotAnAdminsIsKnownButNotAllowed() throws Exception {
        try (TestServer node = TestServer.start()) {
            String reader = TestServer.expect(node.post("/v4/openloop/keys", "{\"name\":\"reader\",\"role\":\"read\"}"), 201)
                    .get("key").asText();
            HttpResponse<String> scrape = node.client().send(HttpRequest.newBuilder(node.uri("/metrics"))
                    .header("X-API-KEY", reader).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).as(scrape.body()).isEqualTo(403);
            assertThat(scrape.body()).doesNotContain("jvm_");
            assertThat(TestServer.json(scrape.body()).get("detail").asText()).contains("admin");
        }
    }

    @Test
    void aMetricsPortOfItsOwnServesWithoutKeyAndTheMainPortNoLonger() throws Exception {
        try (TestServer node = TestServer.start(Map.of("OPENLOOP_METRICS_PORT", "0"))) {
            TestServer.expect(node.post("/v4/chat", chat("own-port", "m", false)), 200);
            HttpResponse<String> scrape = node.client().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + node.metricsPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
            assertThat(PrometheusText.parse(scrape.body()).sum("http_server_requests_seconds_count",
                    Map.of("route", "/v4/chat"))).isEqualTo(1);
            assertThat(node.get("/metrics").statusCode()).isEqualTo(404);
        }
    }

    private static PrometheusText scrape(TestServer node) {
        HttpResponse<String> scrape = node.get("/metrics");
        assertThat(scrape.statusCode()).as(scrape.body()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        return PrometheusText.parse(scrape.body());
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> more = new HashMap<>(labels);
        more.put(name, value);
        return more;
    }

    private static String chat(String project, String model, boolean stream) {
        return chat(project, model, stream, "mock");
    }

    private static String chat(String project, String model, boolean stream, String provider) {
        return """
                {"project":"%s","messages":[{"role":"user","content":"count these tokens please"}],
                 "model_config":{"provider":"%s","model":"%s"},"stream":%s}""".formatted(project, provider, model, stream);
    }
}
