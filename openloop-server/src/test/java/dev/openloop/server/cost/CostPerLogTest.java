package dev.openloop.server.cost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.apikey.ApiKeyHash;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.Golden;
import dev.openloop.server.testing.ProviderFake;
import dev.openloop.server.testing.ProviderFake.Answer;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import dev.openloop.server.testing.V4Schemas;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * The cost of each log, end to end: a node whose providers are fakes answering with golden usage
 * payloads (cached, cache-write and reasoning tokens included), whole and streamed; the cost read
 * back from {@code GET /v4/logs/{id}} as an exact decimal, the answers valid against v4's
 * {@code LogResponse}. The expected figures are worked out by hand from the shipped prices.
 */
class CostPerLogTest extends EveryStoreSuite {
    private static final V4Schemas SCHEMAS = V4Schemas.load("log-response.schema.json");
    private static final String KEY_ID = ApiKeyHash.idOf(ApiKeyHash.of(TestServer.API_KEY));

    private static ProviderFake openai;
    private static ProviderFake anthropic;
    private static ProviderFake cohere;
    private static ProviderFake ai21;
    private static ProviderFake azure;
    private static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        openai = ProviderFake.start();
        anthropic = ProviderFake.start();
        cohere = ProviderFake.start();
        ai21 = ProviderFake.start();
        azure = ProviderFake.start();
        server = TestServer.start(store, Map.ofEntries(Map.entry("AZURE_OPENAI_ENDPOINT", azure.baseUrl()),
                Map.entry("AZURE_OPENAI_API_KEY", "azure-cost-0000"), Map.entry("OPENAI_BASE_URL", openai.baseUrl() + "/v1"),
                Map.entry("OPENAI_API_KEY", "sk-cost-openai-0000"), Map.entry("ANTHROPIC_BASE_URL", anthropic.baseUrl()),
                Map.entry("ANTHROPIC_API_KEY", "sk-ant-cost-0000"), Map.entry("COHERE_BASE_URL", cohere.baseUrl()),
                Map.entry("COHERE_API_KEY", "co-cost-0000"), Map.entry("AI21_BASE_URL", ai21.baseUrl() + "/studio/v1"),
                Map.entry("AI21_API_KEY", "ai21-cost-0000"), Map.entry("OPENLOOP_PROVIDER_MAX_ATTEMPTS", "1")));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
        openai.close();
        anthropic.close();
        cohere.close();
        ai21.close();
        azure.close();
    }

    @Test
    void openAisCachedAndReasoningTokensArePricedAtTheirRates() {
        openai.enqueue(Answer.json(200, Golden.read("cost/openai_cached_reasoning.json")));
        JsonNode cost = extensionOf(chat("openai", "o3", false));

        // 86 fresh prompt tokens × $2.00/M + 1,920 cached × $0.50/M + 300 generated (192 of them reasoning,
        // billed as output) × $8.00/M = $0.000172 + $0.00096 + $0.0024
        assertCost(cost, "0.003532", false);
        assertThat(cost.get("cached_input_tokens").asInt()).isEqualTo(1920);
        assertThat(cost.get("reasoning_tokens").asInt()).isEqualTo(192);
        assertThat(cost.get("cache_write_tokens").isNull()).isTrue();
        assertThat(cost.get("provider").asText()).isEqualTo("openai");
        assertThat(cost.get("model").asText()).isEqualTo("o3");
        assertThat(cost.get("api_key_id").asText()).isEqualTo(KEY_ID);
    }

    @Test
    void openAisStreamedUsageChunkIsPricedTheSame() {
        openai.enqueue(Answer.sse(Golden.read("cost/openai_stream_cached_reasoning.sse")));
        JsonNode cost = extensionOf(chat("openai", "o3", true));

        assertCost(cost, "0.003532", false);
        assertThat(cost.get("cached_input_tokens").asInt()).isEqualTo(1920);
        assertThat(cost.get("reasoning_tokens").asInt()).isEqualTo(192);
    }

    @Test
    void theSamplesOfOneCallAddUpToTheCallsCostOnce() {
        openai.enqueue(Answer.json(200, Golden.read("openai/chat_completion_two_choices.json")));
        HttpResponse<String> response = server.post("/v4/chat", body("openai", "gpt-4o", false)
                .replace("\"stream\":false", "\"stream\":false,\"num_samples\":2"));
        JsonNode answer = TestServer.expect(response, 200);

        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode sample : answer.get("data")) {
            JsonNode cost = extensionOf(sample.get("id").asText());
            assertThat(cost.get("cost_estimated").asBoolean()).isFalse();
            sum = sum.add(new BigDecimal(cost.get("cost_usd").asText()));
        }
        // one call: 20 prompt tokens × $2.50/M + 10 generated × $10/M, not the prompt twice
        assertThat(answer.get("data")).hasSize(2);
        assertThat(sum).isEqualByComparingTo("0.00015");
    }

    @Test
    void azureOpenAiIsPricedAsOpenAiForTheSameModel() {
        azure.enqueue(Answer.json(200, Golden.read("cost/openai_cached_reasoning.json")));
        JsonNode cost = extensionOf(chat("openai_azure", "o3", false));

        assertCost(cost, "0.003532", false);
        assertThat(cost.get("provider").asText()).isEqualTo("openai_azure");
        assertThat(azure.last().path()).contains("/deployments/o3/");
    }

    @Test
    void anthropicsCacheReadsAndWritesArePricedAtTheirRates() {
        anthropic.enqueue(Answer.json(200, Golden.read("cost/anthropic_cache.json")));
        JsonNode cost = extensionOf(chat("anthropic", "claude-sonnet-4-5-20250929", false));

        // 50 × $3/M + 1,000 written × $3.75/M + 2,000 read × $0.30/M + 100 out × $15/M
        assertCost(cost, "0.006", false);
        assertThat(cost.get("cached_input_tokens").asInt()).isEqualTo(2000);
        assertThat(cost.get("cache_write_tokens").asInt()).isEqualTo(1000);
    }

    @Test
    void anthropicsStreamKeepsTheCacheFiguresOfItsFirstEvent() {
        anthropic.enqueue(Answer.sse(Golden.read("cost/anthropic_stream_cache.sse")));
        JsonNode cost = extensionOf(chat("anthropic", "claude-sonnet-4-5-20250929", true));

        assertCost(cost, "0.006", false);
        assertThat(cost.get("cached_input_tokens").asInt()).isEqualTo(2000);
        assertThat(cost.get("cache_write_tokens").asInt()).isEqualTo(1000);
    }

    @Test
    void cohereIsPricedOnItsBilledUnitsWholeAndStreamed() {
        cohere.enqueue(Answer.json(200, Golden.read("cohere/chat_text.json")));
        // 17 billed in × $2.50/M + 8 out × $10/M
        assertCost(extensionOf(chat("cohere", "command-a-03-2025", false)), "0.0001225", false);

        cohere.enqueue(Answer.sse(Golden.read("cohere/stream_text.sse")));
        // 17 × $2.50/M + 5 × $10/M
        assertCost(extensionOf(chat("cohere", "command-a-03-2025", true)), "0.0000925", false);
    }

    @Test
    void ai21IsPricedWholeAndStreamed() {
        ai21.enqueue(Answer.json(200, Golden.read("ai21/chat_completion.json")));
        // 31 × $0.20/M + 9 × $0.40/M
        assertCost(extensionOf(chat("ai21", "jamba-mini", false)), "0.0000098", false);

        ai21.enqueue(Answer.sse(Golden.read("ai21/stream_text.sse")));
        // 29 × $0.20/M + 6 × $0.40/M
        assertCost(extensionOf(chat("ai21", "jamba-mini", true)), "0.0000082", false);
    }

    @Test
    void aModelWithoutAPriceHasNoCostRatherThanZero() {
        openai.enqueue(Answer.json(200, Golden.read("openai/chat_completion.json")));
        JsonNode cost = extensionOf(chat("openai", "ft:gpt-4o:acme:support:9x", false));

        assertThat(cost.get("cost_usd").isNull()).as(cost.toString()).isTrue();
        assertThat(cost.get("cost_estimated").isNull()).isTrue();
        assertThat(cost.get("model").asText()).isEqualTo("ft:gpt-4o:acme:support:9x");
    }

    @Test
    void aFailedProviderCallIsNotBilled() {
        openai.enqueue(Answer.json(500, Golden.read("openai/error_500.json")));
        HttpResponse<String> failed = server.post("/v4/chat", body("openai", "gpt-4o", false));
        assertThat(failed.statusCode()).as(failed.body()).isGreaterThanOrEqualTo(500);
        String id = server.database().withHandle(h -> h.createQuery(
                        "SELECT id FROM logs WHERE provider = 'openai' AND error IS NOT NULL ORDER BY created_at DESC LIMIT 1")
                .mapTo(String.class).one());

        JsonNode cost = logOf(id).get("openloop");
        assertThat(new BigDecimal(cost.get("cost_usd").asText())).isEqualByComparingTo("0");
        assertThat(cost.get("cost_estimated").asBoolean()).isFalse();
    }

    @Test
    void aStreamTheClientCutBeforeTheUsageIsPricedOnAnEstimateAndSaysSo() throws Exception {
        List<String> golden = Answer.sse(Golden.read("openai/stream_text.sse")).chunks();
        List<String> events = new ArrayList<>();
        events.add(golden.get(0));
        while (events.size() < 1_000) {
            events.add(golden.get(1));
        }
        openai.enqueue(new Answer(200, Map.of("Content-Type", "text/event-stream"), events, 10, -1));
        String project = "cost-cut-" + server.store();
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            byte[] body = ("{\"project\":\"" + project + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
                    + "\"Go on and on\"}],\"model_config\":{\"provider\":\"openai\",\"model\":\"gpt-4o\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            OutputStream out = client.getOutputStream();
            out.write(("POST /v4/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-KEY: " + TestServer.API_KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            String line;
            int deltas = 0;
            while ((line = in.readLine()) != null && deltas < 3) {
                if (line.startsWith("data: ")) {
                    deltas++;
                }
            }
            client.setSoLinger(true, 0);
        }
        String id = awaitEnded(project);

        JsonNode log = logOf(id);
        assertThat(log.get("status").asText()).isEqualTo("incomplete");
        JsonNode cost = log.get("openloop");
        assertThat(cost.get("cost_estimated").asBoolean()).as(cost.toString()).isTrue();
        assertThat(new BigDecimal(cost.get("cost_usd").asText())).isPositive();
    }

    @Test
    void metricsCountTheSpendByProviderAndModel() {
        openai.enqueue(Answer.json(200, Golden.read("cost/openai_cached_reasoning.json")));
        chat("openai", "o3", false);

        HttpResponse<String> scrape = server.get("/metrics");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body().lines().filter(line -> line.startsWith("openloop_spend_usd_total{"))
                .filter(line -> line.contains("model=\"o3\"") && line.contains("provider=\"openai\"")))
                .as(scrape.body()).isNotEmpty();
    }

    private static void assertCost(JsonNode cost, String usd, boolean estimated) {
        assertThat(cost.get("cost_usd").isTextual()).as("a decimal string: %s", cost).isTrue();
        assertThat(cost.get("cost_usd").asText()).isEqualTo(usd);
        assertThat(cost.get("cost_estimated").asBoolean()).isEqualTo(estimated);
    }

    private static String body(String provider, String model, boolean stream) {
        return "{\"project\":\"cost-" + provider + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}],"
                + "\"model_config\":{\"provider\":\"" + provider + "\",\"model\":\"" + model + "\",\"max_tokens\":100}}";
    }

    /** The id of the log of a chat. */
    private static String chat(String provider, String model, boolean stream) {
        HttpResponse<String> response = server.post("/v4/chat", body(provider, model, stream));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        if (stream) {
            int at = response.body().indexOf("\"id\":\"data_");
            assertThat(at).as(response.body()).isPositive();
            return response.body().substring(at + 6, response.body().indexOf('"', at + 6));
        }
        return TestServer.json(response.body()).get("data").get(0).get("id").asText();
    }

    private static JsonNode logOf(String id) {
        JsonNode log = TestServer.expect(server.get("/v4/logs/" + id), 200);
        assertThat(SCHEMAS.problems(log, "LogResponse")).isEmpty();
        return log;
    }

    private static JsonNode extensionOf(String logId) {
        return logOf(logId).get("openloop");
    }

    private static String awaitEnded(String project) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<Map<String, Object>> rows = server.database().withHandle(h -> h.createQuery(
                            "SELECT l.id, l.status FROM logs l JOIN projects p ON p.id = l.project_id WHERE p.name = :name")
                    .bind("name", project).mapToMap().list());
            if (rows.size() == 1 && !"streaming".equals(rows.getFirst().get("status"))) {
                return (String) rows.getFirst().get("id");
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the log of " + project + " was still streaming after 30 s");
    }
}
