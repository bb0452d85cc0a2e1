package dev.openloop.server.chat;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.sse.SseEvent;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.Golden;
import dev.openloop.server.testing.ProviderFake;
import dev.openloop.server.testing.ProviderFake.Answer;
import dev.openloop.server.testing.SseEvents;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import dev.openloop.server.testing.V4Schemas;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * Fallbacks end to end, on a real node whose OpenAI is a fake: a registered config's stored
 * fallbacks (outside its id), an inline config's, a {@code /v1} call's; which failures fall back
 * and which do not; what the log keeps (the answering config, the requested one, every attempt);
 * the deadline; and a stream, which falls back only before its first token.
 */
class FallbackRoutingTest extends EveryStoreSuite {
    private static final String SERVER_KEY = "sk-fallback-server-key-0001";
    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]";
    private static final String TO_MOCK = "[{\"provider\":\"mock\",\"model\":\"mock-1\"}]";
    private static final V4Schemas SCHEMAS = V4Schemas.load("model-config-response.schema.json");

    private static ProviderFake openai;
    private static TestServer server;
    /** A node that never falls back: its deadline is over before the first fallback. */
    private static TestServer noTime;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        openai = ProviderFake.start();
        Map<String, String> env = Map.of("OPENAI_BASE_URL", openai.baseUrl() + "/v1", "OPENAI_API_KEY", SERVER_KEY,
                "OPENLOOP_PROVIDER_MAX_ATTEMPTS", "1");
        server = TestServer.start(store, env);
        Map<String, String> noTimeEnv = new java.util.HashMap<>(env);
        noTimeEnv.put("OPENLOOP_FALLBACK_DEADLINE_MS", "0");
        noTime = TestServer.start(store, noTimeEnv);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
        noTime.close();
        openai.close();
    }

    private static Answer error(int status) {
        return Answer.json(status, Golden.read("openai/error_" + status + ".json"));
    }

    private static String inline(String fallbacks) {
        return "{\"model_config\":{\"provider\":\"openai\",\"model\":\"gpt-4o\",\"fallbacks\":" + fallbacks + "}," + MESSAGES;
    }

    @Test
    void aRegisteredConfigKeepsItsFallbacksOutsideItsIdAndAnUnavailableProviderFallsBack() {
        openai.reset().otherwise(error(503));
        String project = "fallback-registered-" + store;
        JsonNode plain = expect(server.post("/v4/model-configs",
                "{\"project\":\"" + project + "\",\"model\":\"gpt-4o\",\"provider\":\"openai\",\"endpoint\":\"chat\"}"), 200);
        JsonNode withFallbacks = expect(server.post("/v4/model-configs", "{\"project\":\"" + project
                + "\",\"model\":\"gpt-4o\",\"provider\":\"openai\",\"endpoint\":\"chat\",\"fallbacks\":" + TO_MOCK + "}"), 200);
        String configId = plain.get("config").get("id").asText();
        assertThat(withFallbacks.get("config").get("id").asText()).as("fallbacks are not part of the id").isEqualTo(configId);
        JsonNode stored = expect(server.get("/v4/model-configs/" + configId), 200);
        assertThat(stored.get("fallbacks").toString()).isEqualTo("[{\"provider\":\"mock\",\"model\":\"mock-1\"}]");
        assertThat(SCHEMAS.problems(stored, "ModelConfigResponse")).isEmpty();

        JsonNode answer = expect(server.post("/v4/chat-model-config", "{\"model_config_id\":\"" + configId + "\"," + MESSAGES
                + ",\"project\":\"" + project + "\"}"), 200);

        JsonNode item = answer.get("data").get(0);
        String answering = item.get("model_config_id").asText();
        assertThat(answering).isNotEqualTo(configId);
        assertThat(expect(server.get("/v4/model-configs/" + answering), 200).get("provider").asText()).isEqualTo("mock");
        JsonNode row = server.logRow(item.get("id").asText());
        assertThat(row.get("config_id").asText()).isEqualTo(answering);
        assertThat(row.get("requested_config_id").asText()).isEqualTo(configId);
        assertThat(row.get("error").isNull()).isTrue();
        JsonNode attempts = TestServer.json(row.get("attempts").asText());
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).get("config_id").asText()).isEqualTo(configId);
        assertThat(attempts.get(0).get("outcome").asText()).isEqualTo("unavailable");
        assertThat(attempts.get(0).get("origin").asText()).isEqualTo("OpenAI");
        assertThat(attempts.get(1).get("config_id").asText()).isEqualTo(answering);
        assertThat(attempts.get(1).get("outcome").asText()).isEqualTo("success");
        assertThat(attempts.get(1).get("provider").asText()).isEqualTo("mock");
        assertThat(openai.received()).hasSize(1);

        JsonNode log = expect(server.get("/v4/logs/" + item.get("id").asText()), 200);
        assertThat(log.get("config_id").asText()).isEqualTo(answering);
        assertThat(log.get("requested_config_id").asText()).isEqualTo(configId);
        assertThat(log.get("attempts")).isEqualTo(attempts);
    }

    @Test
    void registeringAgainReplacesTheFallbacksAndLeavingThemOutKeepsThem() {
        String project = "fallback-replace-" + store;
        String base = "{\"project\":\"" + project + "\",\"model\":\"gpt-4o-mini\",\"provider\":\"openai\"";
        String configId = expect(server.post("/v4/model-configs", base + ",\"fallbacks\":" + TO_MOCK + "}"), 200)
                .get("config").get("id").asText();
        expect(server.post("/v4/model-configs", base + ",\"fallbacks\":[{\"config_id\":\"" + configId + "\"}]}"), 200);
        assertThat(expect(server.get("/v4/model-configs/" + configId), 200).get("fallbacks").toString())
                .isEqualTo("[{\"config_id\":\"" + configId + "\"}]");

        expect(server.post("/v4/model-configs", base + "}"), 200);
        assertThat(expect(server.get("/v4/model-configs/" + configId), 200).get("fallbacks")).hasSize(1);

        expect(server.post("/v4/model-configs", base + ",\"fallbacks\":[]}"), 200);
        assertThat(expect(server.get("/v4/model-configs/" + configId), 200).get("fallbacks")).isEmpty();
    }

    @Test
    void fallbacksThatNameNothingAreRefusedWhereTheyAre() {
        JsonNode unknown = expect(server.post("/v4/model-configs", "{\"project\":\"fallback-bad\",\"model\":\"gpt-4o\","
                + "\"fallbacks\":[{\"config_id\":\"config_nope\"}]}"), 422);
        assertThat(unknown.get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"fallbacks\",0,\"config_id\"]");
        JsonNode both = expect(server.post("/v4/chat", inline("[{\"provider\":\"mock\"}]") + "}"), 422);
        assertThat(both.get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"model_config\",\"fallbacks\",0]");
        assertThat(server.databaseHolds("fallback-bad")).as("a refused registration writes nothing").isFalse();
    }

    @Test
    void aRequestsOwnMistakeNeverFallsBack() {
        openai.reset().otherwise(error(400));
        JsonNode refused = expect(server.post("/v4/chat", inline(TO_MOCK) + "}"), 422);
        assertThat(refused.get("detail").get("origin").asText()).isEqualTo("OpenAI");
        assertThat(openai.received()).hasSize(1);

        openai.reset().otherwise(error(404));
        expect(server.post("/v4/chat", inline(TO_MOCK) + "}"), 404);
    }

    @Test
    void aRefusedServerKeyFallsBackButARefusedKeyOfTheCallersDoesNot() {
        openai.reset().otherwise(error(401));
        JsonNode own = expect(server.post("/v4/chat", inline(TO_MOCK) + ",\"provider_api_keys\":{\"openai\":\"sk-callers-own\"}}"),
                401);
        assertThat(own.get("detail").get("type").asText()).isEqualTo("authentication_error");

        JsonNode served = expect(server.post("/v4/chat", inline(TO_MOCK) + "}"), 200);
        JsonNode row = server.logRow(served.get("data").get(0).get("id").asText());
        assertThat(TestServer.json(row.get("attempts").asText()).get(0).get("outcome").asText()).isEqualTo("authentication");
        assertThat(row.get("attempts").asText()).doesNotContain(SERVER_KEY);
    }

    @Test
    void everyFallbackFailingAnswersTheLastFailureAndTheLogKeepsEveryAttempt() {
        openai.reset().otherwise(error(429));
        JsonNode failed = expect(server.post("/v4/chat",
                inline("[{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\"},{\"provider\":\"openai\",\"model\":\"gpt-4.1\"}]")
                        + ",\"project\":\"fallback-all-fail-" + store + "\"}"), 429);
        assertThat(failed.get("detail").get("type").asText()).isEqualTo("rate_limit_error");
        assertThat(openai.received()).extracting(r -> TestServer.json(r.body()).get("model").asText())
                .containsExactly("gpt-4o", "gpt-4o-mini", "gpt-4.1");
        JsonNode row = logsOfProject("fallback-all-fail-" + store).getFirst();
        assertThat(row.get("requested_config_id").isNull()).as("the log's config is the one asked for").isTrue();
        JsonNode attempts = TestServer.json(row.get("attempts").asText());
        assertThat(attempts).hasSize(3);
        attempts.forEach(attempt -> assertThat(attempt.get("outcome").asText()).isEqualTo("rate_limited"));
    }

    @Test
    void noFallbackStartsOnceTheDeadlineHasPassed() {
        openai.reset().otherwise(error(503));
        expect(noTime.post("/v4/chat", inline(TO_MOCK) + "}"), 503);
        assertThat(openai.received()).hasSize(1);
    }

    @Test
    void aStreamThatFailsBeforeItsFirstTokenFallsBack() {
        openai.reset().otherwise(Answer.sse("data: {\"error\":{\"message\":\"The server is overloaded\",\"type\":\"server_error\"}}\n\n"));

        HttpResponse<String> response = server.post("/v4/chat", inline(TO_MOCK) + ",\"stream\":true}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<SseEvent> events = SseEvents.parse(response.body());
        assertThat(events).extracting(SseEvent::event).doesNotContain("error");
        JsonNode first = SseEvents.data(response.body()).getFirst().get("data").get(0);
        JsonNode row = server.logRow(first.get("id").asText());
        assertThat(row.get("status").asText()).isEqualTo("complete");
        assertThat(row.get("config_id").asText()).isEqualTo(first.get("model_config_id").asText());
        assertThat(row.get("requested_config_id").isNull()).isFalse();
        assertThat(TestServer.json(row.get("attempts").asText())).hasSize(2);
    }

    @Test
    void aStreamThatFailsAfterItsFirstTokenEndsWithAnErrorAndTheLogSaysSo() {
        openai.reset().otherwise(Answer.sse(Golden.read("openai/stream_error.sse")));

        HttpResponse<String> response = server.post("/v4/chat", inline(TO_MOCK) + ",\"stream\":true}");

        assertThat(response.statusCode()).isEqualTo(200);
        List<SseEvent> events = SseEvents.parse(response.body());
        assertThat(events.getLast().event()).isEqualTo("error");
        JsonNode first = SseEvents.data(response.body()).getFirst().get("data").get(0);
        JsonNode row = server.logRow(first.get("id").asText());
        assertThat(row.get("status").asText()).isEqualTo("incomplete");
        assertThat(row.get("error").asText()).contains("OpenAI");
        assertThat(row.get("requested_config_id").isNull()).isTrue();
        assertThat(row.get("attempts").isNull()).as("one attempt, which answered").isTrue();
    }

    @Test
    void aV1CallNamesItsFallbacksInItsBody() {
        openai.reset().otherwise(error(503));
        HttpResponse<String> response = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + TestServer.API_KEY)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"model\":\"openai/gpt-4o\",\"fallbacks\":[\"mock/mock-1\"],"
                        + MESSAGES + "}"))
                .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String logId = response.headers().firstValue("OpenLoop-Log-Ids").orElseThrow();
        JsonNode row = server.logRow(logId);
        assertThat(expect(server.get("/v4/model-configs/" + row.get("config_id").asText()), 200).get("provider").asText())
                .isEqualTo("mock");
        assertThat(TestServer.json(row.get("attempts").asText()).get(0).get("outcome").asText()).isEqualTo("unavailable");

        HttpResponse<String> bad = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + TestServer.API_KEY)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"model\":\"openai/gpt-4o\",\"fallbacks\":\"mock/mock-1\","
                        + MESSAGES + "}"))
                .build());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(bad.body()).get("error").get("param").asText()).isEqualTo("fallbacks");
    }

    private static List<JsonNode> logsOfProject(String project) {
        return server.database().withHandle(h -> h.createQuery(
                        "SELECT l.* FROM logs l JOIN projects p ON p.id = l.project_id WHERE p.name = :name")
                .bind("name", project)
                .mapToMap()
                .list()).stream().map(row -> (JsonNode) TestServer.JSON.valueToTree(row)).toList();
    }
}
