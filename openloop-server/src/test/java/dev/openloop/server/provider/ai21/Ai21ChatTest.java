package dev.openloop.server.provider.ai21;

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
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code POST /v4/chat} with {@code provider: "ai21"}, end to end: a real OpenLoop node whose
 * {@code AI21_BASE_URL} is a fake speaking AI21's Jamba chat completions wire format from golden
 * files. Each test checks the exact body and headers AI21 received and the exact v4 answer.
 */
class Ai21ChatTest extends EveryStoreSuite {
    private static final String ENV_KEY = "ai21-env-key-4c2a9e7b1d3f";
    private static final String REQUEST_KEY = "ai21-request-key-6f8b0d2e4a1c";

    private static ProviderFake ai21;
    private static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        ai21 = ProviderFake.start();
        // AI21_BASE_URL names the API's root, /studio/v1 on AI21's own server. One attempt: these
        // tests are about the translation, not the retries.
        server = TestServer.start(store, Map.of("AI21_BASE_URL", ai21.baseUrl() + "/studio/v1/", "AI21_API_KEY", ENV_KEY,
                "OPENLOOP_PROVIDER_MAX_ATTEMPTS", "1"));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
        ai21.close();
    }

    private static JsonNode chat(String body) {
        HttpResponse<String> response = server.post("/v4/chat", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestServer.json(response.body());
    }

    private static JsonNode sentBody() {
        return TestServer.json(ai21.last().body());
    }

    private static JsonNode json(String text) {
        return TestServer.json(text);
    }

    @Test
    void everyParameterIsTranslatedAndTheTextAnswerComesBack() {
        ai21.enqueue(Answer.json(200, Golden.read("ai21/chat_completion.json")));
        JsonNode answer = chat("""
                {"project":"ai21-text","user":"end-user-7","response_format":{"type":"json_object"},
                 "messages":[{"role":"user","content":[{"type":"text","text":"What is the capital "},{"type":"text","text":"of France?"}]}],
                 "model_config":{"provider":"ai21","model":"jamba-mini","max_tokens":100,"temperature":0.5,"top_p":0.9,
                   "stop":"END","other":{"documents":[{"content":"France's capital is Paris."}]},
                   "chat_template":[{"role":"system","content":"You answer in {{style}}."}]},
                 "inputs":{"style":"one sentence"}}""");

        ProviderFake.Received sent = ai21.last();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/studio/v1/chat/completions");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + ENV_KEY);
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        JsonNode expectedBody = json("""
                {"model":"jamba-mini",
                 "messages":[{"role":"system","content":"You answer in one sentence."},
                             {"role":"user","content":"What is the capital of France?"}],
                 "max_tokens":100,"temperature":0.5,"top_p":0.9,"stop":["END"],"response_format":{"type":"json_object"},
                 "documents":[{"content":"France's capital is Paris."}]}""");
        assertThat(sentBody()).isEqualTo(expectedBody);

        JsonNode item = answer.get("data").get(0);
        assertThat(item.get("output").asText()).isEqualTo("Paris is the capital of France.");
        assertThat(item.get("raw_output").asText()).isEqualTo(" Paris is the capital of France.");
        assertThat(item.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(item.get("tool_calls").isNull()).isTrue();
        assertThat(item.get("output_message")).isEqualTo(json("{\"role\":\"assistant\",\"content\":\" Paris is the capital of France.\",\"name\":null,\"tool_call_id\":null,\"tool_calls\":null,\"tool_call\":null}"));
        assertThat(answer.get("usage")).isEqualTo(json("{\"prompt_tokens\":31,\"generation_tokens\":9,\"total_tokens\":40}"));
        assertThat(answer.get("provider_request")).isEqualTo(expectedBody);
        assertThat(answer.get("provider_responses")).isEqualTo(json("[" + Golden.read("ai21/chat_completion.json") + "]"));

        JsonNode row = server.logRow(item.get("id").asText());
        assertThat(row.get("end_user").asText()).isEqualTo("end-user-7");
        assertThat(row.get("prompt_tokens").asInt()).isEqualTo(31);
        assertThat(row.get("output_tokens").asInt()).isEqualTo(9);
    }

    @Test
    void v4DefaultsAreSentAsAi21ValuesAndLengthIsTheFinishReason() {
        ai21.enqueue(Answer.json(200, Golden.read("ai21/chat_completion_length.json")));
        JsonNode answer = chat("""
                {"messages":[{"role":"user","content":"Capital of France?"}],
                 "model_config":{"provider":"ai21","model":"jamba-large"}}""");

        // temperature 1 is v4's default but not AI21's; top_p 1 is both and is left out; so is
        // max_tokens -1, which lets AI21 generate its maximum.
        assertThat(sentBody()).isEqualTo(json("""
                {"model":"jamba-large","messages":[{"role":"user","content":"Capital of France?"}],"temperature":1.0}"""));
        JsonNode item = answer.get("data").get(0);
        assertThat(item.get("output").asText()).isEqualTo("Paris is");
        assertThat(item.get("finish_reason").asText()).isEqualTo("length");
    }

    private static final String TOOLS = """
            "tools":[{"name":"get_weather","description":"The weather in a city",
                      "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},
                     {"name":"get_time"}]""";

    private static final String AI21_TOOLS = """
            [{"type":"function","function":{"name":"get_weather","description":"The weather in a city",
               "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},
             {"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{}}}}]""";

    @Test
    void toolsAndToolHistoryAreTranslatedAndTheToolCallComesBack() {
        ai21.enqueue(Answer.json(200, Golden.read("ai21/chat_completion_tool_calls.json")));
        JsonNode answer = chat("""
                {"messages":[
                   {"role":"user","content":"What is the weather in Nice?"},
                   {"role":"assistant","content":null,"tool_calls":[{"id":"call_prev1","type":"function",
                     "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Nice\\"}"}}]},
                   {"role":"tool","tool_call_id":"call_prev1","content":"{\\"temp_c\\":21}"},
                   {"role":"user","content":"And in Paris?"}],
                 "tool_choice":"auto",
                 "model_config":{"provider":"ai21","model":"jamba-large","temperature":0.2,%s}}""".formatted(TOOLS));

        assertThat(sentBody()).isEqualTo(json("""
                {"model":"jamba-large",
                 "messages":[
                   {"role":"user","content":"What is the weather in Nice?"},
                   {"role":"assistant","tool_calls":[{"id":"call_prev1","type":"function",
                     "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Nice\\"}"}}]},
                   {"role":"tool","content":"{\\"temp_c\\":21}","tool_call_id":"call_prev1"},
                   {"role":"user","content":"And in Paris?"}],
                 "tools":%s,"temperature":0.2}""".formatted(AI21_TOOLS)));

        JsonNode item = answer.get("data").get(0);
        JsonNode expectedCalls = json("""
                [{"id":"call_7a2f9e41","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\": \\"Paris\\"}"}}]""");
        assertThat(item.get("tool_calls")).isEqualTo(expectedCalls);
        assertThat(item.get("output_message")).isEqualTo(json("{\"role\":\"assistant\",\"content\":null,\"name\":null,\"tool_call_id\":null,\"tool_calls\":" + expectedCalls + ",\"tool_call\":null}"));
        assertThat(item.get("output").asText()).isEmpty();
        assertThat(item.get("finish_reason").asText()).isEqualTo("tool_call");
        assertThat(answer.get("usage")).isEqualTo(json("{\"prompt_tokens\":152,\"generation_tokens\":17,\"total_tokens\":169}"));
    }

    @Test
    void aTextStreamIsRelayedDeltaByDeltaAndEndsWithFinishReasonAndUsage() {
        ai21.enqueue(Answer.sse(Golden.read("ai21/stream_text.sse")));
        HttpResponse<String> response = server.post("/v4/chat", """
                {"stream":true,"messages":[{"role":"user","content":"Capital of France?"}],
                 "model_config":{"provider":"ai21","model":"jamba-mini","temperature":0.4}}""");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        assertThat(ai21.last().header("Accept")).isEqualTo("text/event-stream");
        assertThat(sentBody()).isEqualTo(json("""
                {"model":"jamba-mini","messages":[{"role":"user","content":"Capital of France?"}],"temperature":0.4,"stream":true}"""));

        List<JsonNode> events = SseEvents.data(response.body());
        List<String> outputs = events.stream().map(e -> e.get("data").get(0).get("output").asText()).toList();
        assertThat(outputs).containsExactly("Paris", " is the", " capital.", "");
        for (JsonNode event : events.subList(0, 3)) {
            assertThat(event.get("data").get(0).get("finish_reason").isNull()).isTrue();
            assertThat(event.get("usage").isNull()).isTrue();
        }
        JsonNode last = events.getLast();
        assertThat(last.get("data").get(0).get("finish_reason").asText()).isEqualTo("stop");
        assertThat(last.get("usage")).isEqualTo(json("{\"prompt_tokens\":29,\"generation_tokens\":6,\"total_tokens\":35}"));

        JsonNode row = server.logRow(last.get("data").get(0).get("id").asText());
        assertThat(row.get("status").asText()).isEqualTo("complete");
        assertThat(row.get("raw_output").asText()).isEqualTo("Paris is the capital.");
    }

    @Test
    void aToolCallStreamIsAssembled() {
        ai21.enqueue(Answer.sse(Golden.read("ai21/stream_tool_calls.sse")));
        HttpResponse<String> response = server.post("/v4/chat", """
                {"stream":true,"messages":[{"role":"user","content":"Weather in Paris and Lyon?"}],
                 "model_config":{"provider":"ai21","model":"jamba-large",%s}}""".formatted(TOOLS));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        List<JsonNode> events = SseEvents.data(response.body());
        assertThat(events).hasSize(1);
        JsonNode last = events.getFirst().get("data").get(0);
        assertThat(last.get("output").asText()).isEmpty();
        assertThat(last.get("finish_reason").asText()).isEqualTo("tool_call");
        assertThat(last.get("tool_calls")).isEqualTo(json("""
                [{"id":"call_3c5e7a9b","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\": \\"Paris\\"}"}},
                 {"id":"call_4d6f8b0c","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\": \\"Lyon\\"}"}}]"""));
        assertThat(events.getFirst().get("usage"))
                .isEqualTo(json("{\"prompt_tokens\":158,\"generation_tokens\":34,\"total_tokens\":192}"));
    }

    @Test
    void anErrorInTheStreamEndsItWithAnErrorEventAndAnIncompleteLog() {
        ai21.enqueue(Answer.sse(Golden.read("ai21/stream_error.sse")));
        HttpResponse<String> response = server.post("/v4/chat", """
                {"stream":true,"messages":[{"role":"user","content":"Capital of France?"}],
                 "model_config":{"provider":"ai21","model":"jamba-mini"}}""");
        assertThat(response.statusCode()).isEqualTo(200);

        List<JsonNode> deltas = SseEvents.data(response.body());
        assertThat(deltas).hasSize(1);
        assertThat(deltas.getFirst().get("data").get(0).get("output").asText()).isEqualTo("Par");
        SseEvent error = SseEvents.parse(response.body()).getLast();
        assertThat(error.event()).isEqualTo("error");
        assertThat(json(error.data())).isEqualTo(json("""
                {"detail":{"type":"bad_gateway_error","message":"The model failed while generating; please retry",
                  "code":502,"origin":"AI21"}}"""));
        JsonNode row = server.logRow(deltas.getFirst().get("data").get(0).get("id").asText());
        assertThat(row.get("status").asText()).isEqualTo("incomplete");
        assertThat(row.get("raw_output").asText()).isEqualTo("Par");
    }

    @Test
    void aStreamCutBeforeDoneIsReportedAsBroken() {
        // Everything up to the last chunk, with its finish reason and usage, but no [DONE].
        ai21.enqueue(Answer.sse(Golden.read("ai21/stream_text.sse")).cutAfter(5));
        HttpResponse<String> response = server.post("/v4/chat", """
                {"stream":true,"messages":[{"role":"user","content":"Capital of France?"}],
                 "model_config":{"provider":"ai21","model":"jamba-mini"}}""");
        assertThat(response.statusCode()).isEqualTo(200);

        List<String> outputs = SseEvents.data(response.body()).stream()
                .map(e -> e.get("data").get(0).get("output").asText()).toList();
        assertThat(outputs).containsExactly("Paris", " is the", " capital.");
        SseEvent error = SseEvents.parse(response.body()).getLast();
        assertThat(error.event()).isEqualTo("error");
        assertThat(json(error.data())).isEqualTo(json("""
                {"detail":{"type":"bad_gateway_error","message":"AI21 ended the stream before its end marker",
                  "code":502,"origin":"AI21"}}"""));
    }

    @ParameterizedTest
    @CsvSource({
        "400, 422, unprocessable_entity_error, Last message must be a user or tool message",
        "401, 401, authentication_error, Forbidden: Bad or missing API token.",
        "404, 404, not_found_error, Model jamba-unknown not found",
        "422, 422, unprocessable_entity_error, body.max_tokens: Input should be less than or equal to 4096",
        "429, 429, rate_limit_error, 'Too many requests, slow down'",
        "500, 502, bad_gateway_error, Internal server error",
        "503, 503, service_unavailable_error, 'The service is temporarily unavailable, please retry later'"})
    void ai21sErrorsAreAnsweredWithTheirMessageAndTheMappedStatus(int ai21Status, int status, String type, String message) {
        Answer error = Answer.json(ai21Status, Golden.read("ai21/error_" + ai21Status + ".json"));
        if (ai21Status == 429 || ai21Status == 503) {
            error = error.withHeader("Retry-After", "7");
        }
        for (boolean stream : List.of(false, true)) {
            ai21.enqueue(error);
            HttpResponse<String> response = server.post("/v4/chat", """
                    {"stream":%s,"messages":[{"role":"user","content":"Hi"}],
                     "model_config":{"provider":"ai21","model":"jamba-unknown"}}""".formatted(stream));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
            assertThat(json(response.body()).get("detail")).isEqualTo(json("""
                    {"type":"%s","message":"%s","code":%d,"origin":"AI21"}""".formatted(type, message, status)));
            if (status == 429 || status == 503) {
                assertThat(response.headers().firstValue("Retry-After")).contains("7");
            }
        }
    }

    @Test
    void whatAi21CannotHonourIsRefusedWith422BeforeAnyCall() {
        int before = ai21.received().size();
        HttpResponse<String> response = server.post("/v4/chat", """
                {"messages":[{"role":"user","content":[{"type":"text","text":"Look:"},
                               {"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]},
                             {"role":"assistant","name":"helper","content":null,"tool_call":{"name":"get_time","arguments":"{}"}},
                             {"role":"tool","name":"get_time","content":"12:00"}],
                 "seed":3,"tool_choice":"required",
                 "model_config":{"provider":"ai21","model":"jamba-large","top_p":0,"presence_penalty":0.5,
                   "frequency_penalty":-0.5,%s}}""".formatted(TOOLS));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(json(response.body())).isEqualTo(json("""
                {"detail":[
                  {"loc":["body","seed"],"msg":"AI21 cannot honour seed: the Jamba API has no seed","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","model_config","presence_penalty"],"msg":"AI21 cannot honour presence_penalty: the Jamba API has no presence penalty","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","model_config","frequency_penalty"],"msg":"AI21 cannot honour frequency_penalty: the Jamba API has no frequency penalty","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","model_config","top_p"],"msg":"AI21 cannot honour top_p: AI21 needs a top_p above 0","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","tool_choice"],"msg":"AI21 cannot honour tool_choice: the Jamba API has no tool_choice; its model always decides itself (auto)","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","messages",0,"content",1],"msg":"AI21 cannot honour an image: the Jamba API reads text only","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","messages",1,"tool_call"],"msg":"AI21 cannot honour the deprecated tool_call: give the call in tool_calls, with its id","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","messages",1,"name"],"msg":"AI21 cannot honour a message's name: the Jamba API has no author names; say who speaks in the content","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","messages",2,"tool_call_id"],"msg":"AI21 cannot honour a tool message without tool_call_id: AI21 needs the id of the tool call it answers","type":"value_error.unsupported_by_provider"}]}"""));
        assertThat(ai21.received()).hasSize(before);
    }

    @Test
    void aSeedInTheConfigAndAnImageInTheTemplateAreRefusedAtTheirPlaceInTheConfig() {
        HttpResponse<String> response = server.post("/v4/chat", """
                {"messages":[{"role":"user","content":"Hi"}],
                 "model_config":{"provider":"ai21","model":"jamba-mini","seed":7,
                   "chat_template":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}]}}""");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response.body()).get("detail")).extracting(problem -> problem.get("loc")).containsExactly(
                json("[\"body\",\"model_config\",\"seed\"]"),
                json("[\"body\",\"model_config\",\"chat_template\",0,\"content\",0]"));
    }

    @Test
    void eachSampleIsACallOfItsOwnAndStreamsToo() {
        ai21.enqueue(Answer.sse(Golden.read("ai21/stream_text.sse")));
        ai21.enqueue(Answer.sse(Golden.read("ai21/stream_text.sse")));
        int before = ai21.received().size();
        HttpResponse<String> response = server.post("/v4/chat", """
                {"stream":true,"num_samples":2,"messages":[{"role":"user","content":"Capital of France?"}],
                 "model_config":{"provider":"ai21","model":"jamba-mini"}}""");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        // AI21 takes n > 1 only without streaming: one call per sample works in both modes.
        JsonNode oneSample = json("""
                {"model":"jamba-mini","messages":[{"role":"user","content":"Capital of France?"}],"temperature":1.0,"stream":true}""");
        assertThat(ai21.received().subList(before, ai21.received().size())).extracting(call -> json(call.body()))
                .containsExactly(oneSample, oneSample);
        List<JsonNode> finals = SseEvents.data(response.body()).stream()
                .filter(e -> !e.get("data").get(0).get("finish_reason").isNull()).toList();
        assertThat(finals).extracting(e -> e.get("data").get(0).get("index").asInt()).containsExactlyInAnyOrder(0, 1);
        assertThat(finals).extracting(e -> e.get("usage"))
                .containsOnly(json("{\"prompt_tokens\":29,\"generation_tokens\":6,\"total_tokens\":35}"));
    }

    @Test
    void theRequestsKeyWinsAndIsNeitherStoredNorEchoed() {
        ai21.enqueue(Answer.json(200, Golden.read("ai21/chat_completion.json")));
        JsonNode answer = chat("""
                {"provider_api_keys":{"ai21":"%s"},"messages":[{"role":"user","content":"Hi"}],
                 "model_config":{"provider":"ai21","model":"jamba-mini"}}""".formatted(REQUEST_KEY));
        assertThat(ai21.last().header("Authorization")).isEqualTo("Bearer " + REQUEST_KEY);
        assertThat(answer.toString()).doesNotContain(REQUEST_KEY);
        assertThat(server.logRow(answer.get("data").get(0).get("id").asText()).toString()).doesNotContain(REQUEST_KEY);

        // A provider that quotes the key back in its error: the answer shows it redacted.
        ai21.enqueue(Answer.json(401, "{\"detail\":\"Unknown API token " + REQUEST_KEY + "\"}"));
        HttpResponse<String> refused = server.post("/v4/chat", """
                {"provider_api_keys":{"ai21":"%s"},"messages":[{"role":"user","content":"Hi"}],
                 "model_config":{"provider":"ai21","model":"jamba-mini"}}""".formatted(REQUEST_KEY));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).doesNotContain(REQUEST_KEY).contains("Unknown API token [redacted]");
    }

    @Test
    void withoutAnyKeyTheCallIsRefusedAndNotMade() {
        try (TestServer keyless = TestServer.start(Map.of("AI21_BASE_URL", ai21.baseUrl()))) {
            int before = ai21.received().size();
            HttpResponse<String> response = keyless.post("/v4/chat", """
                    {"messages":[{"role":"user","content":"Hi"}],"model_config":{"provider":"ai21","model":"jamba-mini"}}""");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response.body())).isEqualTo(json("""
                    {"detail":{"type":"missing_api_key","message":"No API key for AI21: pass provider_api_keys.ai21 or set AI21_API_KEY on the server",
                      "code":400,"origin":"OpenLoop"}}"""));
            assertThat(ai21.received()).hasSize(before);
        }
    }
}
