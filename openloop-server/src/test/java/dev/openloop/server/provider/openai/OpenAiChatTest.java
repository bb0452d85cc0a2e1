package dev.openloop.server.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.Golden;
import dev.openloop.server.testing.ProviderFake;
import dev.openloop.server.testing.ProviderFake.Answer;
import dev.openloop.server.testing.SseEvents;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * {@code provider: "openai"} end to end: what OpenLoop sends to a Chat Completions server (a local
 * fake replaying golden answers), and the v4 answer it makes of the reply.
 */
class OpenAiChatTest extends EveryStoreSuite {
    private static final String SERVER_KEY = "sk-server-key-0000000000000000";
    private static final String REQUEST_KEY = "sk-test-request-key-1234567890abcdef";
    private static ProviderFake openai;
    private static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        openai = ProviderFake.start();
        server = TestServer.start(store, Map.of("OPENAI_BASE_URL", openai.baseUrl() + "/v1", "OPENAI_API_KEY", SERVER_KEY));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
        openai.close();
    }

    private static JsonNode sent() {
        ProviderFake.Received received = openai.last();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.path()).isEqualTo("/v1/chat/completions");
        return TestServer.json(received.body());
    }

    @Test
    void theRequestCarriesEveryParameterInOpenAisShape() {
        openai.enqueue(Answer.json(200, Golden.read("openai/chat_completion.json")));
        HttpResponse<String> response = server.post("/v4/chat", """
                {"project":"openai-shape","user":"end-user-7","inputs":{"topic":"geography"},"seed":11,
                 "response_format":{"type":"json_object"},"tool_choice":{"type":"function","function":{"name":"lookup"}},
                 "provider_api_keys":{"openai":"%s"},
                 "messages":[
                   {"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"high"}}]},
                   {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"lookup","arguments":"{\\"q\\":\\"x\\"}"}}]},
                   {"role":"tool","tool_call_id":"call_1","content":"found"},
                   {"role":"user","name":"ada","content":"Capital of France?"}],
                 "model_config":{"provider":"openai","model":"gpt-4o","max_tokens":100,"temperature":0.2,"top_p":0.9,
                   "presence_penalty":0.5,"frequency_penalty":-0.5,"stop":"END","other":{"logit_bias":{"50256":-100}},
                   "chat_template":[{"role":"system","content":"You answer questions about {{topic}}."}],
                   "tools":[{"name":"lookup","description":"Look it up","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}]}}"""
                .formatted(REQUEST_KEY));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        assertThat(openai.last().header("Authorization")).isEqualTo("Bearer " + REQUEST_KEY);
        assertThat(openai.last().header("Content-Type")).startsWith("application/json");
        assertThat(sent()).isEqualTo(TestServer.json("""
                {"model":"gpt-4o",
                 "messages":[
                   {"role":"system","content":"You answer questions about geography."},
                   {"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"high"}}]},
                   {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"lookup","arguments":"{\\"q\\":\\"x\\"}"}}]},
                   {"role":"tool","content":"found","tool_call_id":"call_1"},
                   {"role":"user","content":"Capital of France?","name":"ada"}],
                 "max_tokens":100,"temperature":0.2,"top_p":0.9,"presence_penalty":0.5,"frequency_penalty":-0.5,
                 "stop":["END"],"seed":11,"user":"end-user-7","response_format":{"type":"json_object"},
                 "tools":[{"type":"function","function":{"name":"lookup","description":"Look it up","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}}],
                 "tool_choice":{"type":"function","function":{"name":"lookup"}},
                 "logit_bias":{"50256":-100}}"""));
    }

    @Test
    void theOutputLimitGoesUnderTheNameTheServerIsConfiguredFor() {
        // A server at another URL than OpenAI's gets max_tokens, as the test above shows; OpenAI's
        // own API (the default there) and a server configured so get max_completion_tokens.
        try (TestServer reasoning = TestServer.start(store, Map.of("OPENAI_BASE_URL", openai.baseUrl() + "/v1",
                "OPENAI_API_KEY", SERVER_KEY, "OPENAI_MAX_TOKENS_PARAMETER", "max_completion_tokens"))) {
            openai.enqueue(Answer.json(200, Golden.read("openai/chat_completion.json")));
            HttpResponse<String> response = reasoning.post("/v4/chat", """
                    {"messages":[{"role":"user","content":"Capital of France?"}],
                     "model_config":{"provider":"openai","model":"o3-mini","max_tokens":100}}""");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(sent()).isEqualTo(TestServer.json("""
                    {"model":"o3-mini","messages":[{"role":"user","content":"Capital of France?"}],"max_completion_tokens":100}"""));
        }
    }

    @Test
    void providerTextThatIsNotJsonIsPassedOnWithoutTheKey() {
        // A proxy's plain-text refusal quoting the key, then a short key (4 characters) quoted likewise.
        openai.enqueue(new Answer(403, Map.of("Content-Type", "text/plain"),
                List.of("Forbidden: key " + REQUEST_KEY + " may not be used from this network"), 0, -1));
        HttpResponse<String> refused = server.post("/v4/chat", """
                {"provider_api_keys":{"openai":"%s"},"messages":[{"role":"user","content":"Hi"}],
                 "model_config":{"provider":"openai","model":"gpt-4o"}}""".formatted(REQUEST_KEY));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(TestServer.json(refused.body()).get("detail").get("message").asText())
                .isEqualTo("Forbidden: key [redacted] may not be used from this network");

        openai.enqueue(new Answer(403, Map.of("Content-Type", "text/plain"), List.of("no access for key k3y9"), 0, -1));
        HttpResponse<String> shortKey = server.post("/v4/chat", """
                {"provider_api_keys":{"openai":"k3y9"},"messages":[{"role":"user","content":"Hi"}],
                 "model_config":{"provider":"openai","model":"gpt-4o"}}""");
        assertThat(TestServer.json(shortKey.body()).get("detail").get("message").asText()).isEqualTo("no access for key [redacted]");

        // An error chunk in a stream that quotes the key.
        String firstDeltas = String.join("", Answer.sse(Golden.read("openai/stream_text.sse")).chunks().subList(0, 2));
        openai.enqueue(Answer.sse(firstDeltas + "data: {\"error\":{\"message\":\"key " + REQUEST_KEY
                + " was revoked\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}\n\n"));
        HttpResponse<String> streamed = server.post("/v4/chat", """
                {"stream":true,"provider_api_keys":{"openai":"%s"},"messages":[{"role":"user","content":"Hi"}],
                 "model_config":{"provider":"openai","model":"gpt-4o"}}""".formatted(REQUEST_KEY));
        assertThat(streamed.body()).doesNotContain(REQUEST_KEY);
        var error = SseEvents.parse(streamed.body()).getLast();
        assertThat(error.event()).isEqualTo("error");
        assertThat(TestServer.json(error.data()).get("detail").get("message").asText()).isEqualTo("key [redacted] was revoked");
    }

    @Test
    void anAnswerBecomesTheV4Answer() {
        openai.enqueue(Answer.json(200, Golden.read("openai/chat_completion.json")));
        HttpResponse<String> response = server.post("/v4/chat", """
                {"messages":[{"role":"user","content":"Capital of France?"}],"model_config":{"provider":"openai","model":"gpt-4o"}}""");
        JsonNode body = TestServer.json(response.body());
        assertThat(sent()).isEqualTo(TestServer.json(
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Capital of France?\"}]}"));
        assertThat(openai.last().header("Authorization")).isEqualTo("Bearer " + SERVER_KEY);
        JsonNode item = body.get("data").get(0);
        assertThat(item.get("output").asText()).isEqualTo("The capital of France is Paris.");
        assertThat(item.get("raw_output").asText()).isEqualTo("  The capital of France is Paris.\n");
        assertThat(item.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(item.get("output_message")).isEqualTo(TestServer.json(
                "{\"role\":\"assistant\",\"content\":\"  The capital of France is Paris.\\n\",\"name\":null,\"tool_call_id\":null,\"tool_calls\":null,\"tool_call\":null}"));
        assertThat(body.get("usage")).isEqualTo(TestServer.json("{\"prompt_tokens\":24,\"generation_tokens\":8,\"total_tokens\":32}"));
        assertThat(body.get("provider_responses").get(0)).isEqualTo(TestServer.json(Golden.read("openai/chat_completion.json")));
        assertThat(body.get("provider_request").get("model").asText()).isEqualTo("gpt-4o");
    }

    @Test
    void severalSamplesAreOneCallWithN() {
        openai.enqueue(Answer.json(200, Golden.read("openai/chat_completion_two_choices.json")));
        int before = openai.received().size();
        JsonNode body = TestServer.json(server.post("/v4/chat", """
                {"num_samples":2,"messages":[{"role":"user","content":"Capital?"}],"model_config":{"provider":"openai","model":"gpt-4o-mini"}}""").body());
        assertThat(openai.received()).hasSize(before + 1);
        assertThat(sent().get("n").asInt()).isEqualTo(2);
        assertThat(body.get("data")).hasSize(2);
        assertThat(body.get("data").get(0).get("output").asText()).isEqualTo("Paris.");
        assertThat(body.get("data").get(1).get("output").asText()).isEqualTo("It is Paris, on the Seine.");
        assertThat(body.get("data").get(1).get("finish_reason").asText()).isEqualTo("length");
        assertThat(body.get("usage").get("generation_tokens").asInt()).isEqualTo(10);
        int first = server.logRow(body.get("data").get(0).get("id").asText()).get("output_tokens").asInt();
        int second = server.logRow(body.get("data").get(1).get("id").asText()).get("output_tokens").asInt();
        assertThat(first + second).as("the per-sample shares add up to the call's").isEqualTo(10);
        assertThat(second).isGreaterThan(first);
    }

    @Test
    void toolCallsAreMappedToV4() {
        openai.enqueue(Answer.json(200, Golden.read("openai/chat_completion_tool_calls.json")));
        JsonNode body = TestServer.json(server.post("/v4/chat", """
                {"messages":[{"role":"user","content":"Weather in Paris?"}],
                 "model_config":{"provider":"openai","model":"gpt-4o","tools":[{"name":"get_weather","parameters":{"type":"object"}}]}}""").body());
        JsonNode item = body.get("data").get(0);
        assertThat(item.get("finish_reason").asText()).isEqualTo("tool_call");
        assertThat(item.get("output").asText()).isEmpty();
        assertThat(item.get("output_message").get("content").isNull()).as("no text, only tool calls").isTrue();
        assertThat(item.get("tool_calls")).isEqualTo(TestServer.json(
                "[{\"id\":\"call_Wq2bN7kP4xYz\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\",\\\"unit\\\":\\\"celsius\\\"}\"}}]"));
    }

    @Test
    void aStreamIsRelayedDeltaByDeltaWithUsageAtTheEnd() {
        openai.enqueue(Answer.sse(Golden.read("openai/stream_text.sse")));
        HttpResponse<String> response = server.post("/v4/chat", """
                {"stream":true,"messages":[{"role":"user","content":"Capital?"}],"model_config":{"provider":"openai","model":"gpt-4o"}}""");
        JsonNode sent = sent();
        assertThat(sent.get("stream").asBoolean()).isTrue();
        assertThat(sent.get("stream_options")).isEqualTo(TestServer.json("{\"include_usage\":true}"));
        assertThat(openai.last().header("Accept")).isEqualTo("text/event-stream");
        List<JsonNode> events = SseEvents.data(response.body());
        assertThat(events.stream().map(e -> e.get("data").get(0).get("output").asText()))
                .containsExactly("The", " capital", " is Paris.", "");
        JsonNode last = events.getLast();
        assertThat(last.get("data").get(0).get("finish_reason").asText()).isEqualTo("stop");
        assertThat(last.get("usage")).isEqualTo(TestServer.json("{\"prompt_tokens\":24,\"generation_tokens\":4,\"total_tokens\":28}"));
        JsonNode row = server.logRow(last.get("data").get(0).get("id").asText());
        assertThat(row.get("output").asText()).isEqualTo("The capital is Paris.");
        assertThat(row.get("status").asText()).isEqualTo("complete");
        assertThat(TestServer.json(row.get("provider_response").asText()).get("stream")).hasSize(6);
    }

    @Test
    void streamedToolCallDeltasAreAssembled() {
        openai.enqueue(Answer.sse(Golden.read("openai/stream_tool_calls.sse")));
        HttpResponse<String> response = server.post("/v4/chat", """
                {"stream":true,"messages":[{"role":"user","content":"Weather?"}],
                 "model_config":{"provider":"openai","model":"gpt-4o","tools":[{"name":"get_weather"}]}}""");
        JsonNode last = SseEvents.data(response.body()).getLast().get("data").get(0);
        assertThat(last.get("finish_reason").asText()).isEqualTo("tool_call");
        assertThat(last.get("tool_calls").get(0).get("id").asText()).isEqualTo("call_Ab12Cd34Ef56");
        assertThat(last.get("tool_calls").get(0).get("function").get("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
    }

    @Test
    void aStreamThatStopsBeforeDoneIsReportedBroken() {
        openai.enqueue(Answer.sse(Golden.read("openai/stream_text.sse")).cutAfter(3));
        HttpResponse<String> response = server.post("/v4/chat", """
                {"stream":true,"messages":[{"role":"user","content":"Capital?"}],"model_config":{"provider":"openai","model":"gpt-4o"}}""");
        var events = SseEvents.parse(response.body());
        assertThat(events.getLast().event()).isEqualTo("error");
        assertThat(TestServer.json(events.getLast().data()).get("detail").get("code").asInt()).isEqualTo(502);
        String logId = TestServer.json(events.getFirst().data()).get("data").get(0).get("id").asText();
        assertThat(server.logRow(logId).get("status").asText()).isEqualTo("incomplete");
        assertThat(server.logRow(logId).get("output").asText()).isEqualTo("The capital");
    }

    @Test
    void providerErrorsAreMappedWithTheirOrigin() {
        record Case(int upstream, String golden, int status, String type) {
        }
        for (Case c : List.of(
                new Case(400, "error_400.json", 422, "unprocessable_entity_error"),
                new Case(401, "error_401.json", 401, "authentication_error"))) {
            openai.enqueue(Answer.json(c.upstream(), Golden.read("openai/" + c.golden())));
            HttpResponse<String> response = server.post("/v4/chat", """
                    {"provider_api_keys":{"openai":"%s"},"messages":[{"role":"user","content":"x"}],"model_config":{"provider":"openai","model":"gpt-4o"}}"""
                    .formatted(REQUEST_KEY));
            assertThat(response.statusCode()).isEqualTo(c.status());
            JsonNode detail = TestServer.json(response.body()).get("detail");
            assertThat(detail.get("type").asText()).isEqualTo(c.type());
            assertThat(detail.get("code").asInt()).isEqualTo(c.status());
            assertThat(detail.get("origin").asText()).isEqualTo("OpenAI");
            assertThat(detail.get("message").asText()).isNotBlank().doesNotContain("sk-test").doesNotContain("***");
        }
    }

    @Test
    void aRateLimitIsRetriedThenPassedOnAs429() {
        Answer limited = Answer.json(429, Golden.read("openai/error_429.json")).withHeader("retry-after-ms", "20");
        openai.enqueue(limited).enqueue(limited).enqueue(limited);
        int before = openai.received().size();
        HttpResponse<String> response = server.post("/v4/chat", """
                {"messages":[{"role":"user","content":"x"}],"model_config":{"provider":"openai","model":"gpt-4o"}}""");
        assertThat(openai.received().size() - before).as("attempts").isEqualTo(3);
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
        assertThat(TestServer.json(response.body()).get("detail").get("message").asText()).startsWith("Rate limit reached");
    }

    @Test
    void aServerErrorIsRetriedAndASuccessAfterItIsAnswered() {
        openai.enqueue(Answer.json(500, Golden.read("openai/error_500.json")))
                .enqueue(Answer.json(200, Golden.read("openai/chat_completion.json")));
        int before = openai.received().size();
        HttpResponse<String> response = server.post("/v4/chat", """
                {"messages":[{"role":"user","content":"x"}],"model_config":{"provider":"openai","model":"gpt-4o"}}""");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(openai.received().size() - before).isEqualTo(2);

        openai.enqueue(Answer.json(500, Golden.read("openai/error_500.json")))
                .enqueue(Answer.json(500, Golden.read("openai/error_500.json")))
                .enqueue(Answer.json(500, Golden.read("openai/error_500.json")));
        HttpResponse<String> failed = server.post("/v4/chat", """
                {"messages":[{"role":"user","content":"x"}],"model_config":{"provider":"openai","model":"gpt-4o"}}""");
        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(TestServer.json(failed.body()).get("detail").get("type").asText()).isEqualTo("bad_gateway_error");
    }

    @Test
    void keysNeverReachTheDatabase() throws Exception {
        openai.enqueue(Answer.json(200, Golden.read("openai/chat_completion.json")));
        server.post("/v4/chat", """
                {"provider_api_keys":{"openai":"%s"},"messages":[{"role":"user","content":"probe-7f3a"}],"model_config":{"provider":"openai","model":"gpt-4o"}}"""
                .formatted(REQUEST_KEY));
        assertThat(server.databaseHolds("probe-7f3a")).as("the search sees what was stored").isTrue();
        assertThat(server.databaseHolds(REQUEST_KEY)).isFalse();
        assertThat(server.databaseHolds(SERVER_KEY)).isFalse();
    }

    @Test
    void withoutAnyKeyTheOfficialEndpointIsNotCalled() {
        try (TestServer keyless = TestServer.start()) {
            HttpResponse<String> response = keyless.post("/v4/chat", """
                    {"messages":[{"role":"user","content":"x"}],"model_config":{"provider":"openai","model":"gpt-4o"}}""");
            assertThat(response.statusCode()).isEqualTo(400);
            JsonNode detail = TestServer.json(response.body()).get("detail");
            assertThat(detail.get("type").asText()).isEqualTo("missing_api_key");
            assertThat(detail.get("message").asText()).contains("OpenAI", "provider_api_keys.openai", "OPENAI_API_KEY");
        }
    }
}
