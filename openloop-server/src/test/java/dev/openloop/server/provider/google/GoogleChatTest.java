package dev.openloop.server.provider.google;

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
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code POST /v4/chat} with {@code provider: "google"}, end to end: a real OpenLoop node whose
 * {@code GOOGLE_BASE_URL} is a fake speaking the Gemini API's wire format from golden files. Each
 * test checks the exact body, path and headers Gemini received and the v4 answer.
 */
class GoogleChatTest extends EveryStoreSuite {
    private static final String ENV_KEY = "AIzaSy-env-key-4c8e1a7b2d9f";
    private static final String REQUEST_KEY = "AIzaSy-request-key-9b3f5d1e7a2c";
    private static final String GENERATE = "/v1beta/models/gemini-2.5-flash:generateContent";
    private static final String CALL_ID = "call_[0-9a-f]{24}";

    private static ProviderFake google;
    private static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        google = ProviderFake.start();
        // One attempt: these tests are about the translation, not the retries.
        server = TestServer.start(store, Map.of("GOOGLE_BASE_URL", google.baseUrl(), "GOOGLE_API_KEY", ENV_KEY,
                "OPENLOOP_PROVIDER_MAX_ATTEMPTS", "1"));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
        google.close();
    }

    private static JsonNode chat(String body) {
        HttpResponse<String> response = server.post("/v4/chat", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestServer.json(response.body());
    }

    private static JsonNode sentBody() {
        return TestServer.json(google.last().body());
    }

    private static JsonNode json(String text) {
        return TestServer.json(text);
    }

    @Test
    void everyParameterIsTranslatedAndTheTextAnswerComesBack() {
        google.enqueue(Answer.json(200, Golden.read("google/generate_text.json")));
        JsonNode answer = chat("""
                {"project":"google-text","user":"end-user-7","seed":42,
                 "messages":[{"role":"user","content":"What is the capital of France?"},
                             {"role":"assistant","content":"Which France?"},
                             {"role":"system","content":"Be brief."},
                             {"role":"user","content":"The country."}],
                 "model_config":{"provider":"google","model":"gemini-2.5-flash","max_tokens":100,
                   "temperature":0.5,"top_p":0.9,"presence_penalty":0.25,"frequency_penalty":0.5,
                   "stop":["\\n\\n","END"],"other":{"safetySettings":[{"category":"HARM_CATEGORY_HARASSMENT",
                   "threshold":"BLOCK_NONE"}],"generationConfig":{"topK":40}},
                   "chat_template":[{"role":"system","content":"You answer in {{style}}."}]},
                 "inputs":{"style":"one sentence"}}""");

        ProviderFake.Received sent = google.last();
        assertThat(sent.method()).isEqualTo("POST");
        // The key goes in its header, never in the URL.
        assertThat(sent.path()).isEqualTo(GENERATE);
        assertThat(sent.header("x-goog-api-key")).isEqualTo(ENV_KEY);
        assertThat(sent.header("Authorization")).isNull();
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        JsonNode expectedBody = json("""
                {"systemInstruction":{"parts":[{"text":"You answer in one sentence."},{"text":"Be brief."}]},
                 "contents":[{"role":"user","parts":[{"text":"What is the capital of France?"}]},
                             {"role":"model","parts":[{"text":"Which France?"}]},
                             {"role":"user","parts":[{"text":"The country."}]}],
                 "generationConfig":{"stopSequences":["\\n\\n","END"],"maxOutputTokens":100,"temperature":0.5,"topP":0.9,
                   "presencePenalty":0.25,"frequencyPenalty":0.5,"seed":42,"topK":40},
                 "safetySettings":[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"}]}""");
        assertThat(sentBody()).isEqualTo(expectedBody);

        JsonNode item = answer.get("data").get(0);
        assertThat(item.get("output").asText()).isEqualTo("Paris is the capital of France.");
        assertThat(item.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(item.get("tool_calls").isNull()).isTrue();
        // The thoughts are output Google bills: 8 candidate tokens and 18 of thoughts.
        assertThat(answer.get("usage")).isEqualTo(json("{\"prompt_tokens\":14,\"generation_tokens\":26,\"total_tokens\":40}"));
        assertThat(answer.get("provider_request")).isEqualTo(expectedBody);
        assertThat(answer.get("provider_responses")).isEqualTo(json("[" + Golden.read("google/generate_text.json") + "]"));
        assertThat(answer.get("user").asText()).isEqualTo("end-user-7");

        JsonNode row = server.logRow(item.get("id").asText());
        assertThat(row.get("output").asText()).isEqualTo("Paris is the capital of France.");
        assertThat(row.get("prompt_tokens").asInt()).isEqualTo(14);
        assertThat(row.get("output_tokens").asInt()).isEqualTo(26);
        // The raw usage, cached and thought tokens included, stays with the provider's answer.
        assertThat(row.toString()).contains("cachedContentTokenCount").contains("thoughtsTokenCount");
    }

    private static final String TOOLS = """
            "tools":[{"name":"get_weather","description":"The weather in a city",
                      "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],
                                    "additionalProperties":false}},
                     {"name":"get_time"}]""";

    private static final String DECLARATIONS = """
            [{"functionDeclarations":[
               {"name":"get_weather","description":"The weather in a city",
                "parametersJsonSchema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],
                                        "additionalProperties":false}},
               {"name":"get_time"}]}]""";

    @Test
    void toolsAndTheirHistoryAreTranslatedAndFunctionCallsComeBackWithIdsOfTheirOwn() {
        google.enqueue(Answer.json(200, Golden.read("google/generate_tool_calls.json")));
        JsonNode answer = chat("""
                {"messages":[
                   {"role":"user","content":"What is the weather in Nice and Cannes?"},
                   {"role":"assistant","content":"Let me check.","tool_calls":[
                     {"id":"call_prev1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Nice\\"}"}},
                     {"id":"call_prev2","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Cannes\\"}"}}]},
                   {"role":"tool","tool_call_id":"call_prev1","content":"{\\"temp_c\\":21}"},
                   {"role":"tool","tool_call_id":"call_prev2","content":"sunny, 23 degrees"},
                   {"role":"user","content":"And in Paris and Lyon?"}],
                 "tool_choice":"required",
                 "model_config":{"provider":"google","model":"gemini-2.5-flash",%s}}""".formatted(TOOLS));

        assertThat(sentBody()).isEqualTo(json("""
                {"contents":[
                   {"role":"user","parts":[{"text":"What is the weather in Nice and Cannes?"}]},
                   {"role":"model","parts":[{"text":"Let me check."},
                     {"functionCall":{"name":"get_weather","args":{"city":"Nice"}}},
                     {"functionCall":{"name":"get_weather","args":{"city":"Cannes"}}}]},
                   {"role":"user","parts":[
                     {"functionResponse":{"name":"get_weather","response":{"temp_c":21}}},
                     {"functionResponse":{"name":"get_weather","response":{"output":"sunny, 23 degrees"}}},
                     {"text":"And in Paris and Lyon?"}]}],
                 "tools":%s,
                 "toolConfig":{"functionCallingConfig":{"mode":"ANY"}},
                 "generationConfig":{"temperature":1.0,"topP":1.0}}""".formatted(DECLARATIONS)));

        JsonNode item = answer.get("data").get(0);
        assertThat(item.get("output").asText()).isEqualTo("I will look up both cities.");
        assertThat(item.get("finish_reason").asText()).isEqualTo("tool_call");
        JsonNode calls = item.get("tool_calls");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).get("function")).isEqualTo(json("{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}"));
        assertThat(calls.get(1).get("function")).isEqualTo(json("{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Lyon\\\"}\"}"));
        // Gemini gave no ids: each call gets one of OpenLoop's, different from the other's.
        assertThat(calls.get(0).get("id").asText()).matches(CALL_ID);
        assertThat(calls.get(1).get("id").asText()).matches(CALL_ID).isNotEqualTo(calls.get(0).get("id").asText());
        assertThat(item.get("output_message").get("tool_calls")).isEqualTo(calls);
        assertThat(answer.get("usage")).isEqualTo(json("{\"prompt_tokens\":61,\"generation_tokens\":22,\"total_tokens\":83}"));
    }

    @Test
    void gemini3GetsTheDocumentedSignatureOnTheCallsOfTheHistoryItCannotGetBack() {
        google.enqueue(Answer.json(200, Golden.read("google/generate_text.json")));
        chat("""
                {"messages":[{"role":"user","content":"Weather in Nice?"},
                   {"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"get_weather","arguments":"{}"}},
                     {"id":"c2","type":"function","function":{"name":"get_time","arguments":""}}]},
                   {"role":"tool","tool_call_id":"c1","content":"sunny"},{"role":"tool","tool_call_id":"c2","content":"noon"}],
                 "model_config":{"provider":"google","model":"gemini-3-pro-preview",%s}}""".formatted(TOOLS));

        assertThat(google.last().path()).isEqualTo("/v1beta/models/gemini-3-pro-preview:generateContent");
        assertThat(sentBody().get("contents").get(1)).isEqualTo(json("""
                {"role":"model","parts":[
                  {"functionCall":{"name":"get_weather","args":{}},"thoughtSignature":"skip_thought_signature_validator"},
                  {"functionCall":{"name":"get_time","args":{}},"thoughtSignature":"skip_thought_signature_validator"}]}"""));
        assertThat(sentBody().get("contents").get(2).get("parts")).hasSize(2);
    }

    @Test
    void anIdGeminiGivesIsKeptAndAToolMessagesNameNamesItsFunction() {
        google.enqueue(Answer.json(200, Golden.read("google/generate_tool_call_with_id.json")));
        JsonNode answer = chat("""
                {"messages":[{"role":"user","content":"Time?"},
                   {"role":"tool","name":"get_time","tool_call_id":"unknown-id","content":"12:00"}],
                 "model_config":{"provider":"google","model":"gemini-2.5-flash",%s}}""".formatted(TOOLS));

        assertThat(sentBody().get("contents")).isEqualTo(json("""
                [{"role":"user","parts":[{"text":"Time?"},{"functionResponse":{"name":"get_time","response":{"output":"12:00"}}}]}]"""));
        // tool_choice auto is Gemini's default: no toolConfig.
        assertThat(sentBody().has("toolConfig")).isFalse();
        JsonNode call = answer.get("data").get(0).get("tool_calls").get(0);
        assertThat(call).isEqualTo(json("""
                {"id":"fc-7d0c2b9e","type":"function","function":{"name":"get_time","arguments":"{}"}}"""));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}} | {\"functionCallingConfig\":{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"get_weather\"]}}",
        "\"none\" | {\"functionCallingConfig\":{\"mode\":\"NONE\"}}",
        "\"required\" | {\"functionCallingConfig\":{\"mode\":\"ANY\"}}"})
    void toolChoiceBecomesAFunctionCallingConfig(String toolChoice, String toolConfig) {
        google.enqueue(Answer.json(200, Golden.read("google/generate_text.json")));
        chat("""
                {"messages":[{"role":"user","content":"Weather in Paris?"}],"tool_choice":%s,
                 "model_config":{"provider":"google","model":"gemini-2.5-flash",%s}}""".formatted(toolChoice, TOOLS));

        assertThat(sentBody().get("tools")).isEqualTo(json(DECLARATIONS));
        assertThat(sentBody().get("toolConfig")).isEqualTo(json(toolConfig));
    }

    @Test
    void severalSamplesAreCandidatesOfOneCallAndJsonModeAndImagesAreTranslated() {
        google.enqueue(Answer.json(200, Golden.read("google/generate_samples.json")));
        int before = google.received().size();
        JsonNode answer = chat("""
                {"num_samples":2,"response_format":{"type":"json_object"},
                 "messages":[{"role":"user","content":[{"type":"text","text":"Which city is this? Answer in JSON."},
                   {"type":"image_url","image_url":{"url":"data:image/PNG;base64,iVBORw0KGgo=","detail":"auto"}}]}],
                 "model_config":{"provider":"google","model":"gemini-2.5-flash"}}""");

        assertThat(google.received()).hasSize(before + 1);
        assertThat(sentBody()).isEqualTo(json("""
                {"contents":[{"role":"user","parts":[{"text":"Which city is this? Answer in JSON."},
                   {"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}}]}],
                 "generationConfig":{"candidateCount":2,"temperature":1.0,"topP":1.0,"responseMimeType":"application/json"}}"""));
        assertThat(answer.get("data")).extracting(item -> item.get("index").asInt()).containsExactly(0, 1);
        assertThat(answer.get("data")).extracting(item -> item.get("output").asText())
                .containsExactly("{\"city\": \"Paris\"}", "{\"city\": \"Paris, France\"}");
        assertThat(answer.get("usage")).isEqualTo(json("{\"prompt_tokens\":270,\"generation_tokens\":17,\"total_tokens\":287}"));
    }

    @ParameterizedTest
    @CsvSource({
        "generate_max_tokens.json, length, Paris is",
        "generate_safety.json, content_filter, ''",
        "generate_recitation.json, content_filter, 'It was the best of times,'"})
    void finishReasonsAreMapped(String golden, String finishReason, String output) {
        google.enqueue(Answer.json(200, Golden.read("google/" + golden)));
        JsonNode item = chat("""
                {"messages":[{"role":"user","content":"Hi"}],"model_config":{"provider":"google","model":"gemini-2.5-flash"}}""")
                .get("data").get(0);
        assertThat(item.get("finish_reason").asText()).isEqualTo(finishReason);
        assertThat(item.get("output").asText()).isEqualTo(output);
    }

    @Test
    void aMalformedFunctionCallIsGooglesFailure() {
        google.enqueue(Answer.json(200, Golden.read("google/generate_malformed_function_call.json")));
        HttpResponse<String> response = server.post("/v4/chat", """
                {"project":"google-malformed","messages":[{"role":"user","content":"Weather?"}],
                 "model_config":{"provider":"google","model":"gemini-2.5-flash",%s}}""".formatted(TOOLS));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
        assertThat(json(response.body())).isEqualTo(json("""
                {"detail":{"type":"bad_gateway_error","message":"Google's model wrote a malformed function call (finishReason MALFORMED_FUNCTION_CALL): Malformed function call: print(default_api.get_weather(city=Paris)",
                  "code":502,"origin":"Google"}}"""));
    }

    @Test
    void aBlockedPromptIsRefusedWholeAndStreamed() {
        google.enqueue(Answer.json(200, Golden.read("google/generate_blocked.json")));
        HttpResponse<String> response = server.post("/v4/chat", """
                {"project":"google-blocked","messages":[{"role":"user","content":"Something forbidden"}],
                 "model_config":{"provider":"google","model":"gemini-2.5-flash"}}""");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(json(response.body())).isEqualTo(json("""
                {"detail":{"type":"unprocessable_entity_error","message":"Google blocked the prompt (blockReason PROHIBITED_CONTENT)",
                  "code":422,"origin":"Google"}}"""));

        google.enqueue(Answer.sse(Golden.read("google/stream_blocked.sse")));
        HttpResponse<String> streamed = server.post("/v4/chat", """
                {"stream":true,"messages":[{"role":"user","content":"Something forbidden"}],
                 "model_config":{"provider":"google","model":"gemini-2.5-flash"}}""");
        assertThat(SseEvents.data(streamed.body())).isEmpty();
        SseEvent error = SseEvents.parse(streamed.body()).getLast();
        assertThat(error.event()).isEqualTo("error");
        assertThat(json(error.data())).isEqualTo(json("""
                {"detail":{"type":"unprocessable_entity_error","message":"Google blocked the prompt (blockReason SAFETY)",
                  "code":422,"origin":"Google"}}"""));
    }

    @Test
    void aTextStreamIsRelayedChunkByChunkAndEndsWithItsConnection() {
        google.enqueue(Answer.sse(Golden.read("google/stream_text.sse")));
        HttpResponse<String> response = server.post("/v4/chat", """
                {"stream":true,"messages":[{"role":"user","content":"Capital of France?"}],
                 "model_config":{"provider":"google","model":"gemini-2.0-flash","temperature":0.3}}""");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        ProviderFake.Received sent = google.last();
        assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse");
        assertThat(sent.header("x-goog-api-key")).isEqualTo(ENV_KEY);
        assertThat(sent.header("Accept")).isEqualTo("text/event-stream");
        assertThat(sentBody()).isEqualTo(json("""
                {"contents":[{"role":"user","parts":[{"text":"Capital of France?"}]}],
                 "generationConfig":{"temperature":0.3,"topP":1.0}}"""));

        List<JsonNode> events = SseEvents.data(response.body());
        assertThat(SseEvents.parse(response.body())).noneMatch(e -> "error".equals(e.event()));
        List<String> outputs = events.stream().map(e -> e.get("data").get(0).get("output").asText()).toList();
        assertThat(String.join("", outputs)).isEqualTo("Paris is the capital.");
        JsonNode last = events.getLast();
        assertThat(last.get("data").get(0).get("finish_reason").asText()).isEqualTo("stop");
        assertThat(last.get("usage")).isEqualTo(json("{\"prompt_tokens\":9,\"generation_tokens\":5,\"total_tokens\":14}"));

        JsonNode row = server.logRow(last.get("data").get(0).get("id").asText());
        assertThat(row.get("status").asText()).isEqualTo("complete");
        assertThat(row.get("raw_output").asText()).isEqualTo("Paris is the capital.");
    }

    @Test
    void aToolCallStreamCarriesWholeCallsAndLeavesThoughtsOut() {
        google.enqueue(Answer.sse(Golden.read("google/stream_tool_calls.sse")));
        HttpResponse<String> response = server.post("/v4/chat", """
                {"stream":true,"messages":[{"role":"user","content":"Weather in Paris and Lyon?"}],
                 "model_config":{"provider":"google","model":"gemini-2.5-flash",%s}}""".formatted(TOOLS));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        List<JsonNode> events = SseEvents.data(response.body());
        String output = String.join("", events.stream().map(e -> e.get("data").get(0).get("output").asText()).toList());
        assertThat(output).isEqualTo("Let me check.");
        JsonNode last = events.getLast().get("data").get(0);
        assertThat(last.get("finish_reason").asText()).isEqualTo("tool_call");
        JsonNode calls = last.get("tool_calls");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).get("id").asText()).matches(CALL_ID);
        assertThat(calls.get(0).get("function")).isEqualTo(json("{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}"));
        assertThat(calls.get(1).get("function")).isEqualTo(json("{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Lyon\\\"}\"}"));
        assertThat(events.getLast().get("usage"))
                .isEqualTo(json("{\"prompt_tokens\":58,\"generation_tokens\":36,\"total_tokens\":94}"));
    }

    @Test
    void aStreamOfSeveralCandidatesFinishesEachSample() {
        google.enqueue(Answer.sse(Golden.read("google/stream_samples.sse")));
        HttpResponse<String> response = server.post("/v4/chat", """
                {"stream":true,"num_samples":2,"messages":[{"role":"user","content":"Capital of France?"}],
                 "model_config":{"provider":"google","model":"gemini-2.0-flash"}}""");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(sentBody().get("generationConfig").get("candidateCount").asInt()).isEqualTo(2);

        List<JsonNode> events = SseEvents.data(response.body());
        assertThat(SseEvents.parse(response.body())).noneMatch(e -> "error".equals(e.event()));
        for (int sample = 0; sample < 2; sample++) {
            int index = sample;
            List<JsonNode> items = events.stream().map(e -> e.get("data").get(0)).filter(i -> i.get("index").asInt() == index).toList();
            String text = String.join("", items.stream().map(i -> i.get("output").asText()).toList());
            assertThat(text).isEqualTo(index == 0 ? "Paris." : "Paris, France!");
            assertThat(items.getLast().get("finish_reason").asText()).isEqualTo(index == 0 ? "stop" : "length");
        }
    }

    @Test
    void aStreamEndingBeforeEveryCandidateFinishedIsBroken() {
        // Two chunks of text, then the connection ends without a finish reason.
        google.enqueue(Answer.sse(Golden.read("google/stream_text.sse")).cutAfter(2));
        HttpResponse<String> response = server.post("/v4/chat", """
                {"stream":true,"messages":[{"role":"user","content":"Capital of France?"}],
                 "model_config":{"provider":"google","model":"gemini-2.0-flash"}}""");
        assertThat(response.statusCode()).isEqualTo(200);

        List<String> outputs = SseEvents.data(response.body()).stream()
                .map(e -> e.get("data").get(0).get("output").asText()).toList();
        assertThat(outputs).containsExactly("Paris", " is the");
        SseEvent error = SseEvents.parse(response.body()).getLast();
        assertThat(error.event()).isEqualTo("error");
        assertThat(json(error.data())).isEqualTo(json("""
                {"detail":{"type":"bad_gateway_error","message":"Google ended the stream before every candidate had its finishReason",
                  "code":502,"origin":"Google"}}"""));
    }

    @Test
    void anErrorInTheStreamEndsItWithAnErrorEventAndAnIncompleteLog() {
        google.enqueue(Answer.sse(Golden.read("google/stream_error.sse")));
        HttpResponse<String> response = server.post("/v4/chat", """
                {"stream":true,"messages":[{"role":"user","content":"Capital of France?"}],
                 "model_config":{"provider":"google","model":"gemini-2.0-flash"}}""");
        assertThat(response.statusCode()).isEqualTo(200);

        List<JsonNode> deltas = SseEvents.data(response.body());
        assertThat(deltas).hasSize(1);
        assertThat(deltas.getFirst().get("data").get(0).get("output").asText()).isEqualTo("Par");
        SseEvent error = SseEvents.parse(response.body()).getLast();
        assertThat(error.event()).isEqualTo("error");
        assertThat(json(error.data())).isEqualTo(json("""
                {"detail":{"type":"bad_gateway_error","message":"An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting",
                  "code":502,"origin":"Google"}}"""));
        JsonNode row = server.logRow(deltas.getFirst().get("data").get(0).get("id").asText());
        assertThat(row.get("status").asText()).isEqualTo("incomplete");
    }

    @ParameterizedTest
    @CsvSource({
        "400, error_400.json, 422, unprocessable_entity_error, '* GenerateContentRequest.contents: contents is not specified'",
        "400, error_400_precondition.json, 422, unprocessable_entity_error, User location is not supported for the API use.",
        "400, error_400_api_key.json, 401, authentication_error, API key not valid. Please pass a valid API key.",
        "401, error_401.json, 401, authentication_error, 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.'",
        "403, error_403.json, 403, permission_error, 'Generative Language API has not been used in project 123456789012 before or it is disabled. Enable it by visiting the Google Cloud console, then retry.'",
        "404, error_404.json, 404, not_found_error, 'models/gemini-9-ultra is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.'",
        "429, error_429.json, 429, rate_limit_error, 'You exceeded your current quota, please check your plan and billing details.'",
        "500, error_500.json, 502, bad_gateway_error, An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting",
        "503, error_503.json, 503, service_unavailable_error, The model is overloaded. Please try again later.",
        "504, error_504.json, 504, timeout_error, Deadline expired before operation could complete."})
    void googlesErrorsAreAnsweredWithTheirMessageAndTheMappedStatus(int googleStatus, String golden, int status, String type,
            String message) {
        Answer error = Answer.json(googleStatus, Golden.read("google/" + golden));
        if (googleStatus == 429 || googleStatus == 503) {
            error = error.withHeader("Retry-After", "7");
        }
        for (boolean stream : List.of(false, true)) {
            google.enqueue(error);
            HttpResponse<String> response = server.post("/v4/chat", """
                    {"stream":%s,"messages":[{"role":"user","content":"Hi"}],
                     "model_config":{"provider":"google","model":"gemini-9-ultra"}}""".formatted(stream));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
            assertThat(json(response.body()).get("detail")).isEqualTo(json("""
                    {"type":"%s","message":"%s","code":%d,"origin":"Google"}""".formatted(type, message, status)));
            if (status == 429 || status == 503) {
                assertThat(response.headers().firstValue("Retry-After")).contains("7");
            }
        }
    }

    @Test
    void theRetryDelayGoogleGivesInItsBodyIsHonouredAsARetryAfter() {
        String quota = """
                {"error":{"code":429,"message":"Quota exceeded.","status":"RESOURCE_EXHAUSTED",
                  "details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[]},
                             {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"%s"}]}}""";
        try (TestServer retrying = TestServer.start(Map.of("GOOGLE_BASE_URL", google.baseUrl(), "GOOGLE_API_KEY", ENV_KEY,
                "OPENLOOP_PROVIDER_MAX_ATTEMPTS", "3", "OPENLOOP_PROVIDER_RETRY_BASE_MS", "1",
                "OPENLOOP_PROVIDER_MAX_RETRY_AFTER_MS", "5000"))) {
            String body = """
                    {"messages":[{"role":"user","content":"Hi"}],"model_config":{"provider":"google","model":"gemini-2.5-flash"}}""";
            // A delay within the server's bound is waited for, and the call tried again.
            google.enqueue(Answer.json(429, quota.formatted("0s"))).enqueue(Answer.json(429, quota.formatted("0s")))
                    .enqueue(Answer.json(200, Golden.read("google/generate_text.json")));
            int before = google.received().size();
            assertThat(retrying.post("/v4/chat", body).statusCode()).isEqualTo(200);
            assertThat(google.received()).hasSize(before + 3);

            // A longer one is passed on as Retry-After (rounded up to whole seconds) for the caller to wait.
            google.enqueue(Answer.json(429, quota.formatted("119.2s")));
            before = google.received().size();
            HttpResponse<String> limited = retrying.post("/v4/chat", body);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).contains("120");
            assertThat(limited.headers().firstValue("x-should-retry")).isEmpty();
            assertThat(google.received()).hasSize(before + 1);
        }
    }

    @Test
    void whatGeminiCannotHonourIsRefusedWith422BeforeAnyCall() {
        int before = google.received().size();
        HttpResponse<String> response = server.post("/v4/chat", """
                {"messages":[{"role":"system","name":"narrator","content":[{"type":"text","text":"Look:"},
                               {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]},
                             {"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/a.png"}},
                               {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}},
                               {"type":"image_url","image_url":{"url":"data:image/gif;base64,R0lGODlh"}}]},
                             {"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"get_weather","arguments":"[1]"}}]},
                             {"role":"tool","tool_call_id":"nobody","content":"42"}],
                 "seed":4294967296,"response_format":{"type":"json_object"},
                 "model_config":{"provider":"google","model":"gemini/../../files","stop":["a","b","c","d","e","f"],%s}}""".formatted(TOOLS));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(json(response.body())).isEqualTo(json("""
                {"detail":[
                  {"loc":["body","model_config","model"],"msg":"Google cannot honour model: Gemini model names are letters, digits, '.', '_' and '-', such as gemini-2.5-flash","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","model_config","stop"],"msg":"Google cannot honour stop: Gemini takes at most 5 stop sequences, this config has 6","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","seed"],"msg":"Google cannot honour seed: Gemini takes a 32-bit seed, from -2147483648 to 2147483647","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","response_format"],"msg":"Google cannot honour response_format: Gemini cannot combine JSON mode with tools","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","messages",0,"content",1],"msg":"Google cannot honour an image in a system message: Gemini reads images in user messages only","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","messages",0,"name"],"msg":"Google cannot honour a message's name: Gemini has no author names; say who speaks in the content","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","messages",1,"content",0,"image_url","url"],"msg":"Google cannot honour this image URL: Gemini reads images sent inline only; pass the image as a base64 data: URL","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","messages",1,"content",1,"image_url","detail"],"msg":"Google cannot honour image detail 'low': Gemini sets one media resolution for the whole request; leave detail out or use auto, and set other.generationConfig.mediaResolution","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","messages",1,"content",2,"image_url","url"],"msg":"Google cannot honour this image URL: Gemini reads image/png, image/jpeg, image/webp, image/heic and image/heif, this image is image/gif","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","messages",2,"tool_calls",0,"function","arguments"],"msg":"Google cannot honour tool call arguments that are not a JSON object: Gemini takes a function call's args as an object","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","messages",3,"tool_call_id"],"msg":"Google cannot honour a tool message whose function is not known: Gemini needs the function's name: give the tool_call_id of an earlier assistant tool call, or the name","type":"value_error.unsupported_by_provider"}]}"""));
        assertThat(google.received()).hasSize(before);
    }

    @Test
    void aCompletionIsOneUserContentHoldingTheFilledPrompt() {
        google.enqueue(Answer.json(200, Golden.read("google/generate_text.json")));
        HttpResponse<String> response = server.post("/v4/completion", """
                {"inputs":{"city":"Paris"},"model_config":{"provider":"google","model":"gemini-2.5-flash","max_tokens":20,
                 "prompt_template":"{{city}} is in"}}""");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        assertThat(google.last().path()).isEqualTo(GENERATE);
        assertThat(sentBody()).isEqualTo(json("""
                {"contents":[{"role":"user","parts":[{"text":"Paris is in"}]}],
                 "generationConfig":{"maxOutputTokens":20,"temperature":1.0,"topP":1.0}}"""));
        assertThat(json(response.body()).get("data").get(0).get("output").asText()).isEqualTo("Paris is the capital of France.");
    }

    @Test
    void openAisProtocolReachesGeminiAsGoogleSlashModel() {
        google.enqueue(Answer.json(200, Golden.read("google/generate_tool_calls.json")));
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + TestServer.API_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model":"google/gemini-2.5-flash","messages":[{"role":"user","content":"Weather in Paris and Lyon?"}],
                         "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}"""))
                .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        assertThat(google.last().path()).isEqualTo(GENERATE);
        assertThat(sentBody().get("tools")).isEqualTo(json("""
                [{"functionDeclarations":[{"name":"get_weather","parametersJsonSchema":{"type":"object"}}]}]"""));
        JsonNode choice = json(response.body()).get("choices").get(0);
        assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.get("message").get("tool_calls")).hasSize(2);
        assertThat(choice.get("message").get("tool_calls").get(0).get("id").asText()).matches(CALL_ID);
    }

    @Test
    void theRequestsKeyWinsGoesInTheHeaderAndIsNeitherStoredNorEchoed() {
        google.enqueue(Answer.json(200, Golden.read("google/generate_text.json")));
        JsonNode answer = chat("""
                {"provider_api_keys":{"google":"%s"},"messages":[{"role":"user","content":"Hi"}],
                 "model_config":{"provider":"google","model":"gemini-2.5-flash"}}""".formatted(REQUEST_KEY));
        assertThat(google.last().header("x-goog-api-key")).isEqualTo(REQUEST_KEY);
        assertThat(google.last().path()).isEqualTo(GENERATE).doesNotContain(REQUEST_KEY);
        assertThat(answer.toString()).doesNotContain(REQUEST_KEY);
        assertThat(server.logRow(answer.get("data").get(0).get("id").asText()).toString()).doesNotContain(REQUEST_KEY);

        // A provider that quotes the key back in its error: the answer shows it redacted.
        google.enqueue(Answer.json(403, "{\"error\":{\"code\":403,\"message\":\"The key " + REQUEST_KEY
                + " is blocked.\",\"status\":\"PERMISSION_DENIED\"}}"));
        HttpResponse<String> refused = server.post("/v4/chat", """
                {"provider_api_keys":{"google":"%s"},"messages":[{"role":"user","content":"Hi"}],
                 "model_config":{"provider":"google","model":"gemini-2.5-flash"}}""".formatted(REQUEST_KEY));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain(REQUEST_KEY).contains("The key [redacted] is blocked.");
    }

    @Test
    void withoutAnyKeyTheCallIsRefusedAndNotMade() {
        try (TestServer keyless = TestServer.start(Map.of("GOOGLE_BASE_URL", google.baseUrl()))) {
            int before = google.received().size();
            HttpResponse<String> response = keyless.post("/v4/chat", """
                    {"messages":[{"role":"user","content":"Hi"}],"model_config":{"provider":"google","model":"gemini-2.5-flash"}}""");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response.body())).isEqualTo(json("""
                    {"detail":{"type":"missing_api_key","message":"No API key for Google: pass provider_api_keys.google or set GOOGLE_API_KEY on the server",
                      "code":400,"origin":"OpenLoop"}}"""));
            assertThat(google.received()).hasSize(before);
        }
    }
}
