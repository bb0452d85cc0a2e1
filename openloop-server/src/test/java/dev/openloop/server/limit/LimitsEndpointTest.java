package dev.openloop.server.limit;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.apikey.ApiKeyHash;
import dev.openloop.server.cost.PriceFile;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * Limits set through {@code /v4/openloop/limits} hold on every door: a call over its key's or
 * project's limit is refused before any provider call with 429, {@code Retry-After} and the limit
 * named, in v4's and OpenAI's shapes, and leaves no log. Each test has a project of its own; the
 * requests limits are wide enough that a minute turning over mid-test does not matter.
 */
class LimitsEndpointTest extends EveryStoreSuite {
    private static final String KEY_ID = ApiKeyHash.idOf(ApiKeyHash.of(TestServer.API_KEY));
    private static Path prices;
    private static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) throws IOException {
        prices = Files.createTempFile("openloop-prices", ".csv");
        // About a dollar a token: a budget of a micro-dollar is reached by one call.
        Files.writeString(prices, PriceFile.HEADER + "\nmock,priced,2000-01-01,999999,999999,,,\n");
        server = TestServer.start(store, Map.of("OPENLOOP_PRICES_FILE", prices.toString()));
    }

    @AfterParameterizedClassInvocation
    static void stop() throws IOException {
        server.close();
        Files.deleteIfExists(prices);
    }

    private static String chat(String project, String model) {
        return "{\"project\":\"" + project + "\",\"messages\":[{\"role\":\"user\",\"content\":\"count these words\"}],"
                + "\"model_config\":{\"provider\":\"mock\",\"model\":\"" + model + "\"}}";
    }

    /** A project made by a first call, with its id. */
    private static String project(String name) {
        return expect(server.post("/v4/chat", chat(name, "m")), 200).get("project_id").asText();
    }

    private static HttpResponse<String> put(String path, String body) {
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("X-API-KEY", TestServer.API_KEY)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static long logsOf(String projectId) {
        return server.database().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM logs WHERE project_id = :p")
                .bind("p", projectId).mapTo(Long.class).one());
    }

    @Test
    void aProjectsRequestsLimitRefusesTheNextCallWith429NamingItAndWritesNoLog() {
        String projectId = project("limited-requests");
        JsonNode set = expect(put("/v4/openloop/limits/projects/" + projectId, "{\"requests_per_minute\":2}"), 200);
        assertThat(set.get("kind").asText()).isEqualTo("project");
        assertThat(set.get("requests_per_minute").asLong()).isEqualTo(2);

        expect(server.post("/v4/chat", chat("limited-requests", "m")), 200);
        expect(server.post("/v4/chat", chat("limited-requests", "m")), 200);
        HttpResponse<String> refused = server.post("/v4/chat", chat("limited-requests", "m"));
        JsonNode detail = expect(refused, 429);
        assertThat(detail.get("detail").asText()).isEqualTo("The project " + projectId + "'s limit of 2 requests per minute is reached");
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
        assertThat(logsOf(projectId)).as("the first call's log and two more, none for the refused call").isEqualTo(3);
        assertThat(expect(server.post("/v4/chat", chat("another-project", "m")), 200)).isNotNull();
    }

    @Test
    void theV1DoorAnswersAReachedLimitInOpenAisShape() {
        String projectId = project("limited-v1");
        expect(put("/v4/openloop/limits/projects/" + projectId, "{\"requests_per_minute\":1}"), 200);
        HttpRequest.Builder call = HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + TestServer.API_KEY).header("Content-Type", "application/json")
                .header("OpenLoop-Project", "limited-v1");
        String body = "{\"model\":\"mock/m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        expect(server.send(call.POST(HttpRequest.BodyPublishers.ofString(body)).build()), 200);
        HttpResponse<String> refused = server.send(call.POST(HttpRequest.BodyPublishers.ofString(body)).build());
        JsonNode error = expect(refused, 429).get("error");
        assertThat(error.get("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.get("message").asText()).contains("1 requests per minute");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void aKeysSpendBudgetCountsWhatItsCallsCostAndRefusesTheCallAfterTheOneThatReachedIt() {
        String projectId = project("limited-spend");
        // Cleared at the end: the key is every other test's too.
        expect(put("/v4/openloop/limits/keys/" + KEY_ID, "{\"spend_per_day_usd\":\"0.000001\"}"), 200);
        try {
            JsonNode first = expect(server.post("/v4/chat", chat("limited-spend", "priced")), 200);
            String cost = expect(server.get("/v4/logs/" + first.get("data").get(0).get("id").asText()), 200)
                    .get("openloop").get("cost_usd").asText();
            assertThat(new java.math.BigDecimal(cost)).as("the call cost more than the budget").isGreaterThan(new java.math.BigDecimal("0.000001"));
            JsonNode refused = expect(server.post("/v4/chat", chat("limited-spend", "priced")), 429);
            assertThat(refused.get("detail").asText()).isEqualTo("The key " + KEY_ID + "'s budget of 0.000001 USD per day is reached");
            assertThat(logsOf(projectId)).isEqualTo(2);
        } finally {
            expect(server.delete("/v4/openloop/limits/keys/" + KEY_ID), 200);
        }
        expect(server.post("/v4/chat", chat("limited-spend", "priced")), 200);
    }

    @Test
    void aTokensLimitRefusesOnceTheCallsHaveUsedItUp() {
        String projectId = project("limited-tokens");
        expect(put("/v4/openloop/limits/projects/" + projectId, "{\"tokens_per_minute\":1}"), 200);
        expect(server.post("/v4/chat", chat("limited-tokens", "m")), 200);
        JsonNode refused = expect(server.post("/v4/chat", chat("limited-tokens", "m")), 429);
        assertThat(refused.get("detail").asText()).contains("1 tokens per minute");
    }

    @Test
    void limitsAreListedReadReplacedAndRemoved() {
        String projectId = project("limits-crud");
        expect(put("/v4/openloop/limits/projects/" + projectId,
                "{\"requests_per_minute\":600,\"tokens_per_minute\":90000,\"spend_per_day_usd\":12.5,\"spend_per_month_usd\":\"300\"}"), 200);
        JsonNode read = expect(server.get("/v4/openloop/limits/projects/" + projectId), 200);
        assertThat(read.get("spend_per_day_usd").asText()).isEqualTo("12.5");
        assertThat(read.get("spend_per_month_usd").asText()).isEqualTo("300");
        JsonNode listed = expect(server.get("/v4/openloop/limits"), 200);
        assertThat(listed.findValuesAsText("id")).contains(projectId);

        expect(put("/v4/openloop/limits/projects/" + projectId, "{\"requests_per_minute\":5}"), 200);
        read = expect(server.get("/v4/openloop/limits/projects/" + projectId), 200);
        assertThat(read.get("tokens_per_minute").isNull()).as("a PUT replaces: what it leaves out is no limit").isTrue();

        expect(server.delete("/v4/openloop/limits/projects/" + projectId), 200);
        assertThat(expect(server.get("/v4/openloop/limits"), 200).findValuesAsText("id")).doesNotContain(projectId);
    }

    @Test
    void badLimitsAreRefusedAtTheirFieldAndUnknownSubjectsAre404() {
        String projectId = project("limits-bad");
        for (Map.Entry<String, String> bad : List.of(
                Map.entry("{\"requests_per_minute\":0}", "requests_per_minute"),
                Map.entry("{\"tokens_per_minute\":-5}", "tokens_per_minute"),
                Map.entry("{\"spend_per_day_usd\":0}", "spend_per_day_usd"),
                Map.entry("{\"spend_per_month_usd\":0.0000001}", "spend_per_month_usd"),
                Map.entry("{\"requests_per_minute\":\"many\"}", "requests_per_minute"),
                Map.entry("{\"requests_per_second\":5}", "requests_per_second"))) {
            JsonNode problem = expect(put("/v4/openloop/limits/projects/" + projectId, bad.getKey()), 422).get("detail").get(0);
            assertThat(problem.get("loc").get(1).asText()).as(bad.getKey()).isEqualTo(bad.getValue());
        }
        assertThat(expect(server.get("/v4/openloop/limits/projects/" + projectId), 200).get("requests_per_minute").isNull()).isTrue();
        expect(put("/v4/openloop/limits/projects/pr_nosuchproject", "{\"requests_per_minute\":5}"), 404);
        expect(put("/v4/openloop/limits/keys/key_000000000000", "{\"requests_per_minute\":5}"), 404);
        expect(put("/v4/openloop/limits/keys/not-a-key", "{\"requests_per_minute\":5}"), 404);
        expect(server.get("/v4/openloop/limits/environments/x"), 404);
    }
}
