package dev.openloop.server.provider.cohere;

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
 * {@code POST /v4/chat} with {@code provider: "cohere"}, end to end: a real OpenLoop node whose
 * {@code COHERE_BASE_URL} is a fake speaking Cohere's v2 Chat wire format from golden files. Each
 * test checks the exact body and headers Cohere received and the exact v4 answer.
 */
class CohereChatTest extends EveryStoreSuite {
    private static final String ENV_KEY = "co-env-key-5b1e0c7a9d3f";
    private static final String REQUEST_KEY = "co-request-key-8e2d4f6a1c3b";

    private static ProviderFake cohere;
    private static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        cohere = ProviderFake.start();
        // One attempt: these tests are about the translation, not the retries.
        server = TestServer.start(store, Map.of("COHERE_BASE_URL", cohere.baseUrl(), "COHERE_API_KEY", ENV_KEY,
                "OPENLOOP_PROVIDER_MAX_ATTEMPTS", "1"));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
        cohere.close();
    }

    private static JsonNode chat(String body) {
        HttpResponse<String> response = server.post("/v4/chat", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestServer.json(response.body());
    }

    private static JsonNode sentBody() {
        return TestServer.json(cohere.last().body());
    }

    private static JsonNode json(String text) {
        return TestServer.json(text);
    }

    @Test
    void everyParameterIsTranslatedAndTheTextAnswerComesBack() {
        cohere.enqueue(Answer.json(200, Golden.read("cohere/chat_text.json")));
        JsonNode answer = chat("""
                {"project":"cohere-text","user":"end-user-7",
                 "messages":[{"role":"user","content":"What is the capital of France?"}],
                 "model_config":{"provider":"cohere","model":"command-r-plus-08-2024","max_tokens":100,
                   "temperature":0.5,"top_p":0.9,"presence_penalty":0.25,"frequency_penalty":0.5,
                   "stop":["\\n\\n","END"],"seed":42,"other":{"safety_mode":"STRICT"},
                   "chat_template":[{"role":"system","content":"You answer in {{style}}."}]},
                 "inputs":{"style":"one sentence"}}""");

        ProviderFake.Received sent = cohere.last();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v2/chat");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + ENV_KEY);
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        JsonNode expectedBody = json("""
                {"model":"command-r-plus-08-2024",
                 "messages":[{"role":"system","content":"You answer in one sentence."},
                             {"role":"user","content":"What is the capital of France?"}],
                 "max_tokens":100,"temperature":0.5,"p":0.9,"frequency_penalty":0.5,"presence_penalty":0.25,
                 "stop_sequences":["\\n\\n","END"],"seed":42,"safety_mode":"STRICT"}""");
        assertThat(sentBody()).isEqualTo(expectedBody);

        JsonNode item = answer.get("data").get(0);
        assertThat(item.get("output").asText()).isEqualTo("Paris is the capital of France.");
        assertThat(item.get("raw_output").asText()).isEqualTo("Paris is the capital of France.\n");
        assertThat(item.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(item.get("tool_calls").isNull()).isTrue();
        assertThat(item.get("output_message")).isEqualTo(json("""
                {"role":"assistant","content":"Paris is the capital of France.\\n","name":null,"tool_call_id":null,"tool_calls":null,"tool_call":null}"""));
        // billed_units, not tokens: what the caller sent and got, without Cohere's own prompt template.
        assertThat(answer.get("usage")).isEqualTo(json("{\"prompt_tokens\":17,\"generation_tokens\":8,\"total_tokens\":25}"));
        assertThat(answer.get("provider_request")).isEqualTo(expectedBody);
        assertThat(answer.get("provider_responses")).isEqualTo(json("[" + Golden.read("cohere/chat_text.json") + "]"));
        assertThat(answer.get("user").asText()).isEqualTo("end-user-7");

        JsonNode row = server.logRow(item.get("id").asText());
        assertThat(row.get("output").asText()).isEqualTo("Paris is the capital of France.");
        assertThat(row.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(row.get("prompt_tokens").asInt()).isEqualTo(17);
        assertThat(row.get("output_tokens").asInt()).isEqualTo(8);
    }

    @Test
    void v4DefaultsAreSentAsCohereValuesAndImagesAsImageBlocks() {
        cohere.enqueue(Answer.json(200, Golden.read("cohere/chat_max_tokens.json")));
        JsonNode answer = chat("""
                {"messages":[{"role":"user","content":[{"type":"text","text":"What city is this?"},
                   {"type":"image_url","image_url":{"url":"https://example.com/paris.jpg","detail":"low"}}]}],
                 "response_format":{"type":"json_object"},
                 "model_config":{"provider":"cohere","model":"command-a-vision-07-2025"}}""");

        // temperature 1 is v4's default but not Cohere's; top_p 1 is sent as Cohere's largest p;
        // max_tokens -1 is left out, so the model may use its whole output limit.
        assertThat(sentBody()).isEqualTo(json("""
                {"model":"command-a-vision-07-2025",
                 "messages":[{"role":"user","content":[{"type":"text","text":"What city is this?"},
                   {"type":"image_url","image_url":{"url":"https://example.com/paris.jpg","detail":"low"}}]}],
                 "temperature":1.0,"p":0.99,"response_format":{"type":"json_object"}}"""));
        JsonNode item = answer.get("data").get(0);
        assertThat(item.get("output").asText()).isEqualTo("Paris is");
        assertThat(item.get("finish_reason").asText()).isEqualTo("length");
        // Without billed_units, the usage comes from tokens.
        assertThat(answer.get("usage")).isEqualTo(json("{\"prompt_tokens\":214,\"generation_tokens\":2,\"total_tokens\":216}"));
    }

    private static final String TOOLS = """
            "tools":[{"name":"get_weather","description":"The weather in a city",
                      "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},
                     {"name":"get_time"}]""";

    private static final String COHERE_TOOLS = """
            [{"type":"function","function":{"name":"get_weather","description":"The weather in a city",
               "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},
             {"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{}}}}]""";

    @Test
    void toolsHistoryAndRequiredToolChoiceAreTranslatedAndTheToolCallComesBack() {
        cohere.enqueue(Answer.json(200, Golden.read("cohere/chat_tool_calls.json")));
        JsonNode answer = chat("""
                {"messages":[
                   {"role":"user","content":"What is the weather in Nice?"},
                   {"role":"assistant","content":"Let me check.","tool_calls":[{"id":"get_weather_prev1","type":"function",
                     "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Nice\\"}"}}]},
                   {"role":"tool","tool_call_id":"get_weather_prev1","content":"{\\"temp_c\\":21}"},
                   {"role":"user","content":"And in Paris?"}],
                 "tool_choice":"required",
                 "model_config":{"provider":"cohere","model":"command-a-03-2025",%s}}""".formatted(TOOLS));

        assertThat(sentBody()).isEqualTo(json("""
                {"model":"command-a-03-2025",
                 "messages":[
                   {"role":"user","content":"What is the weather in Nice?"},
                   {"role":"assistant","tool_plan":"Let me check.","tool_calls":[{"id":"get_weather_prev1","type":"function",
                     "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Nice\\"}"}}]},
                   {"role":"tool","tool_call_id":"get_weather_prev1","content":"{\\"temp_c\\":21}"},
                   {"role":"user","content":"And in Paris?"}],
                 "tools":%s,"tool_choice":"REQUIRED","temperature":1.0,"p":0.99}""".formatted(COHERE_TOOLS)));

        JsonNode item = answer.get("data").get(0);
        JsonNode expectedCalls = json("""
                [{"id":"get_weather_r7k2m9x4p1qz","type":"function",
                  "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]""");
        assertThat(item.get("tool_calls")).isEqualTo(expectedCalls);
        assertThat(item.get("output_message").get("tool_calls")).isEqualTo(expectedCalls);
        // The tool plan is the text the model wrote before its calls.
        assertThat(item.get("output").asText()).isEqualTo("I will look up the weather in Paris.");
        assertThat(item.get("finish_reason").asText()).isEqualTo("tool_call");
        assertThat(answer.get("usage")).isEqualTo(json("{\"prompt_tokens\":41,\"generation_tokens\":19,\"total_tokens\":60}"));
    }

    @Test
    void aNamedToolChoiceOffersOnlyThatToolAndRequiresIt() {
        cohere.enqueue(Answer.json(200, Golden.read("cohere/chat_tool_calls.json")));
        chat("""
                {"messages":[{"role":"user","content":"Weather in Paris?"}],
                 "tool_choice":{"type":"function","function":{"name":"get_weather"}},
                 "model_config":{"provider":"cohere","model":"command-a-03-2025",%s}}""".formatted(TOOLS));

        assertThat(sentBody().get("tools")).isEqualTo(json("[" + json(COHERE_TOOLS).get(0) + "]"));
        assertThat(sentBody().get("tool_choice").asText()).isEqualTo("REQUIRED");
    }

    @ParameterizedTest
    @CsvSource({"\"none\",NONE", "\"auto\","})
    void noneBecomesNoneAndAutoIsCoheresDefault(String toolChoice, String cohereToolChoice) {
        cohere.enqueue(Answer.json(200, Golden.read("cohere/chat_text.json")));
        chat("""
                {"messages":[{"role":"user","content":"Hi"}],"tool_choice":%s,
                 "model_config":{"provider":"cohere","model":"command-a-03-2025",%s}}""".formatted(toolChoice, TOOLS));

        assertThat(sentBody().get("tools")).isEqualTo(json(COHERE_TOOLS));
        if (cohereToolChoice == null) {
            assertThat(sentBody().has("tool_choice")).isFalse();
        } else {
            assertThat(sentBody().get("tool_choice").asText()).isEqualTo(cohereToolChoice);
        }
    }

    @Test
    void aTextStreamIsRelayedDeltaByDeltaAndEndsWithFinishReasonAndUsage() {
        cohere.enqueue(Answer.sse(Golden.read("cohere/stream_text.sse")));
        HttpResponse<String> response = server.post("/v4/chat", """
                {"stream":true,"messages":[{"role":"user","content":"Capital of France?"}],
                 "model_config":{"provider":"cohere","model":"command-r-08-2024","temperature":0.3}}""");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        assertThat(cohere.last().header("Accept")).isEqualTo("text/event-stream");
        assertThat(sentBody()).isEqualTo(json("""
                {"model":"command-r-08-2024","messages":[{"role":"user","content":"Capital of France?"}],
                 "temperature":0.3,"p":0.99,"stream":true}"""));

        List<JsonNode> events = SseEvents.data(response.body());
        assertThat(events).hasSize(4);
        List<String> outputs = events.stream().map(e -> e.get("data").get(0).get("output").asText()).toList();
        assertThat(outputs).containsExactly("Paris", " is the", " capital.", "");
        for (JsonNode event : events.subList(0, 3)) {
            assertThat(event.get("data").get(0).get("finish_reason").isNull()).isTrue();
            assertThat(event.get("usage").isNull()).isTrue();
        }
        JsonNode last = events.get(3);
        assertThat(last.get("data").get(0).get("finish_reason").asText()).isEqualTo("stop");
        assertThat(last.get("usage")).isEqualTo(json("{\"prompt_tokens\":17,\"generation_tokens\":5,\"total_tokens\":22}"));

        JsonNode row = server.logRow(last.get("data").get(0).get("id").asText());
        assertThat(row.get("status").asText()).isEqualTo("complete");
        assertThat(row.get("raw_output").asText()).isEqualTo("Paris is the capital.");
    }

    @Test
    void aToolCallStreamIsAssembledWithItsPlanAsText() {
        cohere.enqueue(Answer.sse(Golden.read("cohere/stream_tool_calls.sse")));
        HttpResponse<String> response = server.post("/v4/chat", """
                {"stream":true,"messages":[{"role":"user","content":"Weather in Paris and Lyon?"}],
                 "model_config":{"provider":"cohere","model":"command-a-03-2025",%s}}""".formatted(TOOLS));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        List<JsonNode> events = SseEvents.data(response.body());
        List<String> outputs = events.stream().map(e -> e.get("data").get(0).get("output").asText()).toList();
        assertThat(outputs).containsExactly("I will check", " both cities.", "");
        JsonNode last = events.getLast().get("data").get(0);
        assertThat(last.get("finish_reason").asText()).isEqualTo("tool_call");
        assertThat(last.get("tool_calls")).isEqualTo(json("""
                [{"id":"get_weather_a1b2c3d4e5f6","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                 {"id":"get_weather_f6e5d4c3b2a1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Lyon\\"}"}}]"""));
        assertThat(events.getLast().get("usage"))
                .isEqualTo(json("{\"prompt_tokens\":44,\"generation_tokens\":31,\"total_tokens\":75}"));
    }

    @Test
    void aReasoningModelsThinkingIsNotOutput() {
        cohere.enqueue(Answer.json(200, Golden.read("cohere/chat_thinking.json")));
        JsonNode answer = chat("""
                {"messages":[{"role":"user","content":"Capital of France?"}],
                 "model_config":{"provider":"cohere","model":"command-a-reasoning-08-2025"}}""");
        assertThat(answer.get("data").get(0).get("raw_output").asText()).isEqualTo("Paris.");

        cohere.enqueue(Answer.sse(Golden.read("cohere/stream_thinking.sse")));
        HttpResponse<String> response = server.post("/v4/chat", """
                {"stream":true,"messages":[{"role":"user","content":"Capital of France?"}],
                 "model_config":{"provider":"cohere","model":"command-a-reasoning-08-2025"}}""");
        assertThat(SseEvents.data(response.body())).extracting(e -> e.get("data").get(0).get("output").asText())
                .containsExactly("Paris.", "");
    }

    @Test
    void anErrorInTheStreamEndsItWithAnErrorEventAndAnIncompleteLog() {
        cohere.enqueue(Answer.sse(Golden.read("cohere/stream_error.sse")));
        HttpResponse<String> response = server.post("/v4/chat", """
                {"stream":true,"messages":[{"role":"user","content":"Capital of France?"}],
                 "model_config":{"provider":"cohere","model":"command-r-08-2024"}}""");
        assertThat(response.statusCode()).isEqualTo(200);

        List<JsonNode> deltas = SseEvents.data(response.body());
        assertThat(deltas).hasSize(1);
        assertThat(deltas.getFirst().get("data").get(0).get("output").asText()).isEqualTo("Par");
        SseEvent error = SseEvents.parse(response.body()).getLast();
        assertThat(error.event()).isEqualTo("error");
        assertThat(json(error.data())).isEqualTo(json("""
                {"detail":{"type":"bad_gateway_error","message":"the model failed to generate a response, please try again",
                  "code":502,"origin":"Cohere"}}"""));
        JsonNode row = server.logRow(deltas.getFirst().get("data").get(0).get("id").asText());
        assertThat(row.get("status").asText()).isEqualTo("incomplete");
        assertThat(row.get("raw_output").asText()).isEqualTo("Par");
    }

    @Test
    void aStreamCutBeforeMessageEndIsReportedAsBroken() {
        // message-start, content-start and two deltas, then the connection ends.
        cohere.enqueue(Answer.sse(Golden.read("cohere/stream_text.sse")).cutAfter(4));
        HttpResponse<String> response = server.post("/v4/chat", """
                {"stream":true,"messages":[{"role":"user","content":"Capital of France?"}],
                 "model_config":{"provider":"cohere","model":"command-r-08-2024"}}""");
        assertThat(response.statusCode()).isEqualTo(200);

        List<String> outputs = SseEvents.data(response.body()).stream()
                .map(e -> e.get("data").get(0).get("output").asText()).toList();
        assertThat(outputs).containsExactly("Paris", " is the");
        SseEvent error = SseEvents.parse(response.body()).getLast();
        assertThat(error.event()).isEqualTo("error");
        assertThat(json(error.data())).isEqualTo(json("""
                {"detail":{"type":"bad_gateway_error","message":"Cohere ended the stream before its end marker",
                  "code":502,"origin":"Cohere"}}"""));
    }

    @ParameterizedTest
    @CsvSource({
        "400, 422, unprocessable_entity_error, invalid request: messages must contain at least one user or tool message.",
        "401, 401, authentication_error, invalid api token",
        "402, 402, billing_error, 'Please add or update your payment method at https://dashboard.cohere.com/billing?tab=payment to continue'",
        "498, 422, unprocessable_entity_error, 'blocked output: the generation contained a deny-listed token, please adjust your prompt and try again'",
        "499, 502, bad_gateway_error, request cancelled",
        "404, 404, not_found_error, 'model ''command-z'' not found, make sure the correct model ID was used and that you have access to the model.'",
        "429, 429, rate_limit_error, 'You are past the rate limit of your key (20 calls per minute). Slow down, or use a production key with higher limits.'",
        "500, 502, bad_gateway_error, 'internal server error, this has been reported to our developers. id f8a0c2d4-6e8a-4cad-8e4a-6c8d0e2a4c6e'",
        "503, 503, service_unavailable_error, 'the service is overloaded at the moment, please try again later'"})
    void coheresErrorsAreAnsweredWithTheirMessageAndTheMappedStatus(int cohereStatus, int status, String type, String message) {
        Answer error = Answer.json(cohereStatus, Golden.read("cohere/error_" + cohereStatus + ".json"));
        if (cohereStatus == 429 || cohereStatus == 503) {
            error = error.withHeader("Retry-After", "7");
        }
        cohere.enqueue(error);
        for (boolean stream : List.of(false, true)) {
            if (stream) {
                cohere.enqueue(error);
            }
            HttpResponse<String> response = server.post("/v4/chat", """
                    {"stream":%s,"messages":[{"role":"user","content":"Hi"}],
                     "model_config":{"provider":"cohere","model":"command-z"}}""".formatted(stream));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
            assertThat(json(response.body()).get("detail")).isEqualTo(json("""
                    {"type":"%s","message":"%s","code":%d,"origin":"Cohere"}""".formatted(type, message, status)));
            if (status == 429 || status == 503) {
                assertThat(response.headers().firstValue("Retry-After")).contains("7");
            }
        }
    }

    @Test
    void aTemperatureAboveOneIsSentAsCohereTakesAnyNonNegativeOne() {
        for (double temperature : new double[] {1.7, 2.0}) {
            cohere.enqueue(Answer.json(200, Golden.read("cohere/chat_text.json")));
            chat("""
                    {"messages":[{"role":"user","content":"Hi"}],
                     "model_config":{"provider":"cohere","model":"command-a-03-2025","temperature":%s}}""".formatted(temperature));
            assertThat(sentBody().get("temperature").asDouble()).isEqualTo(temperature);
        }
    }

    @Test
    void aGenerationCohereStoppedAtItsTimeLimitIsA504NotAnAnswer() {
        cohere.enqueue(Answer.json(200, Golden.read("cohere/chat_timeout.json")));
        HttpResponse<String> response = server.post("/v4/chat", """
                {"project":"cohere-timeout","messages":[{"role":"user","content":"Capital of France?"}],
                 "model_config":{"provider":"cohere","model":"command-r-08-2024"}}""");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
        assertThat(json(response.body())).isEqualTo(json("""
                {"detail":{"type":"timeout_error","message":"Cohere stopped the generation at its time limit (finish_reason TIMEOUT)",
                  "code":504,"origin":"Cohere"}}"""));
        assertThat(response.headers().firstValue("x-should-retry")).contains("false");

        cohere.enqueue(Answer.sse(Golden.read("cohere/stream_timeout.sse")));
        HttpResponse<String> streamed = server.post("/v4/chat", """
                {"stream":true,"messages":[{"role":"user","content":"Capital of France?"}],
                 "model_config":{"provider":"cohere","model":"command-r-08-2024"}}""");
        assertThat(SseEvents.data(streamed.body())).extracting(e -> e.get("data").get(0).get("output").asText())
                .containsExactly("Paris");
        SseEvent error = SseEvents.parse(streamed.body()).getLast();
        assertThat(error.event()).isEqualTo("error");
        assertThat(json(error.data()).get("detail").get("code").asInt()).isEqualTo(504);
        assertThat(json(error.data()).get("detail").get("type").asText()).isEqualTo("timeout_error");
    }

    @Test
    void messageEndEndsTheStreamWhetherDoneFollowsOrNot() {
        String withoutDone = Golden.read("cohere/stream_text.sse").replace("data: [DONE]\n\n", "");
        assertThat(withoutDone).doesNotContain("[DONE]");
        cohere.enqueue(Answer.sse(withoutDone));
        HttpResponse<String> response = server.post("/v4/chat", """
                {"stream":true,"messages":[{"role":"user","content":"Capital of France?"}],
                 "model_config":{"provider":"cohere","model":"command-r-08-2024"}}""");

        assertThat(SseEvents.parse(response.body())).noneMatch(e -> e.event().equals("error"));
        assertThat(SseEvents.data(response.body()).getLast().get("data").get(0).get("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void whatCohereCannotHonourIsRefusedWith422BeforeAnyCall() {
        int before = cohere.received().size();
        HttpResponse<String> response = server.post("/v4/chat", """
                {"messages":[{"role":"system","name":"narrator","content":[{"type":"text","text":"Look:"},
                               {"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]},
                             {"role":"tool","name":"get_weather","content":"42"}],
                 "seed":-1,"response_format":{"type":"json_object"},
                 "model_config":{"provider":"cohere","model":"command-a-03-2025","top_p":0.005,
                   "presence_penalty":-0.5,"frequency_penalty":1.5,"stop":["a","b","c","d","e","f"],%s}}""".formatted(TOOLS));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(json(response.body())).isEqualTo(json("""
                {"detail":[
                  {"loc":["body","model_config","top_p"],"msg":"Cohere cannot honour top_p: Cohere's p accepts 0.01 to 0.99 (1 is sent as 0.99), this config asks 0.005","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","model_config","presence_penalty"],"msg":"Cohere cannot honour presence_penalty: Cohere accepts 0 to 1, this config asks -0.5","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","model_config","frequency_penalty"],"msg":"Cohere cannot honour frequency_penalty: Cohere accepts 0 to 1, this config asks 1.5","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","model_config","stop"],"msg":"Cohere cannot honour stop: Cohere takes at most 5 stop sequences, this config has 6","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","seed"],"msg":"Cohere cannot honour seed: Cohere takes a seed of 0 or more","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","response_format"],"msg":"Cohere cannot honour response_format: Cohere cannot combine JSON mode with tools","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","messages",0,"content",1],"msg":"Cohere cannot honour an image in a system message: Cohere reads images in user messages only","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","messages",0,"name"],"msg":"Cohere cannot honour a message's name: Cohere's API has no author names; say who speaks in the content","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","messages",1,"tool_call_id"],"msg":"Cohere cannot honour a tool message without tool_call_id: Cohere needs the id of the tool call it answers","type":"value_error.unsupported_by_provider"}]}"""));
        assertThat(cohere.received()).hasSize(before);
    }

    @Test
    void aTemplateMessageIsRefusedAtItsPlaceInTheConfig() {
        HttpResponse<String> response = server.post("/v4/chat", """
                {"messages":[{"role":"user","content":"Hi"}],
                 "model_config":{"provider":"cohere","model":"command-a-03-2025","seed":7,
                   "chat_template":[{"role":"assistant","content":[{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}]}}""");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response.body()).get("detail").get(0).get("loc"))
                .isEqualTo(json("[\"body\",\"model_config\",\"chat_template\",0,\"content\",0]"));
    }

    @Test
    void eachSampleIsACallOfItsOwn() {
        cohere.enqueue(Answer.json(200, Golden.read("cohere/chat_text.json")));
        cohere.enqueue(Answer.json(200, Golden.read("cohere/chat_max_tokens.json")));
        int before = cohere.received().size();
        JsonNode answer = chat("""
                {"num_samples":2,"messages":[{"role":"user","content":"Capital of France?"}],
                 "model_config":{"provider":"cohere","model":"command-r-08-2024"}}""");

        List<ProviderFake.Received> calls = cohere.received().subList(before, cohere.received().size());
        JsonNode oneSample = json("""
                {"model":"command-r-08-2024","messages":[{"role":"user","content":"Capital of France?"}],
                 "temperature":1.0,"p":0.99}""");
        assertThat(calls).extracting(call -> json(call.body())).containsExactly(oneSample, oneSample);
        // The calls run side by side, so which answer went to which sample is not fixed.
        assertThat(answer.get("data")).extracting(item -> item.get("index").asInt()).containsExactly(0, 1);
        assertThat(answer.get("data")).extracting(item -> item.get("output").asText())
                .containsExactlyInAnyOrder("Paris is the capital of France.", "Paris is");
        assertThat(answer.get("usage")).isEqualTo(json("{\"prompt_tokens\":231,\"generation_tokens\":10,\"total_tokens\":241}"));
    }

    @Test
    void theRequestsKeyWinsAndIsNeitherStoredNorEchoed() {
        cohere.enqueue(Answer.json(200, Golden.read("cohere/chat_text.json")));
        JsonNode answer = chat("""
                {"provider_api_keys":{"cohere":"%s"},"messages":[{"role":"user","content":"Hi"}],
                 "model_config":{"provider":"cohere","model":"command-r-08-2024"}}""".formatted(REQUEST_KEY));
        assertThat(cohere.last().header("Authorization")).isEqualTo("Bearer " + REQUEST_KEY);
        assertThat(answer.toString()).doesNotContain(REQUEST_KEY);
        assertThat(server.logRow(answer.get("data").get(0).get("id").asText()).toString()).doesNotContain(REQUEST_KEY);

        // A provider that quotes the key back in its error: the answer shows it redacted.
        cohere.enqueue(Answer.json(401, "{\"message\":\"invalid api token: " + REQUEST_KEY + "\"}"));
        HttpResponse<String> refused = server.post("/v4/chat", """
                {"provider_api_keys":{"cohere":"%s"},"messages":[{"role":"user","content":"Hi"}],
                 "model_config":{"provider":"cohere","model":"command-r-08-2024"}}""".formatted(REQUEST_KEY));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).doesNotContain(REQUEST_KEY).contains("invalid api token: [redacted]");
    }

    @Test
    void withoutAnyKeyTheCallIsRefusedAndNotMade() {
        try (TestServer keyless = TestServer.start(Map.of("COHERE_BASE_URL", cohere.baseUrl()))) {
            int before = cohere.received().size();
            HttpResponse<String> response = keyless.post("/v4/chat", """
                    {"messages":[{"role":"user","content":"Hi"}],"model_config":{"provider":"cohere","model":"command-r-08-2024"}}""");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response.body())).isEqualTo(json("""
                    {"detail":{"type":"missing_api_key","message":"No API key for Cohere: pass provider_api_keys.cohere or set COHERE_API_KEY on the server",
                      "code":400,"origin":"OpenLoop"}}"""));
            assertThat(cohere.received()).hasSize(before);
        }
    }
}
