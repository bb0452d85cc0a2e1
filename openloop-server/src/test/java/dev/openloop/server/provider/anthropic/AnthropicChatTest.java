package dev.openloop.server.provider.anthropic;

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
 * {@code POST /v4/chat} with {@code provider: "anthropic"}, end to end: a real OpenLoop node whose
 * {@code ANTHROPIC_BASE_URL} is a fake speaking Anthropic's Messages API wire format from golden
 * files. Each test checks the exact body and headers Anthropic received and the exact v4 answer.
 */
class AnthropicChatTest extends EveryStoreSuite {
    private static final String ENV_KEY = "sk-ant-env-key-4c8e1a7f2b9d";
    private static final String REQUEST_KEY = "sk-ant-request-key-6d3f9b2e5a1c";

    private static ProviderFake anthropic;
    private static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        anthropic = ProviderFake.start();
        // One attempt: these tests are about the translation, not the retries.
        server = TestServer.start(store, Map.of("ANTHROPIC_BASE_URL", anthropic.baseUrl(), "ANTHROPIC_API_KEY", ENV_KEY,
                "OPENLOOP_PROVIDER_MAX_ATTEMPTS", "1"));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
        anthropic.close();
    }

    private static JsonNode chat(String body) {
        HttpResponse<String> response = server.post("/v4/chat", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestServer.json(response.body());
    }

    private static HttpResponse<String> stream(String body) {
        HttpResponse<String> response = server.post("/v4/chat", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private static JsonNode sentBody() {
        return TestServer.json(anthropic.last().body());
    }

    private static JsonNode json(String text) {
        return TestServer.json(text);
    }

    private static List<String> outputs(HttpResponse<String> response) {
        return SseEvents.data(response.body()).stream().map(e -> e.get("data").get(0).get("output").asText()).toList();
    }

    @Test
    void everyParameterIsTranslatedAndTheTextAnswerComesBack() {
        anthropic.enqueue(Answer.json(200, Golden.read("anthropic/message_text.json")));
        JsonNode answer = chat("""
                {"project":"anthropic-text","user":"end-user-7",
                 "messages":[{"role":"user","content":"What is the capital of France?"}],
                 "model_config":{"provider":"anthropic","model":"claude-sonnet-4-5-20250929","max_tokens":100,
                   "temperature":0.5,"top_p":0.9,"stop":["\\n\\nHuman:","END"],"other":{"top_k":40},
                   "chat_template":[{"role":"system","content":"You answer in {{style}}."}]},
                 "inputs":{"style":"one sentence"}}""");

        ProviderFake.Received sent = anthropic.last();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.header("x-api-key")).isEqualTo(ENV_KEY);
        assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        assertThat(sent.header("Authorization")).isNull();
        // The system prompt leaves the messages; the message's name has no place in the Messages API.
        JsonNode expectedBody = json("""
                {"model":"claude-sonnet-4-5-20250929","max_tokens":100,"system":"You answer in one sentence.",
                 "messages":[{"role":"user","content":"What is the capital of France?"}],
                 "temperature":0.5,"top_p":0.9,"stop_sequences":["\\n\\nHuman:","END"],
                 "metadata":{"user_id":"end-user-7"},"top_k":40}""");
        assertThat(sentBody()).isEqualTo(expectedBody);

        JsonNode item = answer.get("data").get(0);
        assertThat(item.get("output").asText()).isEqualTo("Paris is the capital of France.");
        assertThat(item.get("raw_output").asText()).isEqualTo("Paris is the capital of France.\n");
        assertThat(item.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(item.get("tool_calls").isNull()).isTrue();
        assertThat(item.get("output_message")).isEqualTo(json("""
                {"role":"assistant","content":"Paris is the capital of France.\\n","name":null,"tool_call_id":null,"tool_calls":null,"tool_call":null}"""));
        assertThat(answer.get("usage")).isEqualTo(json("{\"prompt_tokens\":21,\"generation_tokens\":9,\"total_tokens\":30}"));
        assertThat(answer.get("provider_request")).isEqualTo(expectedBody);
        assertThat(answer.get("provider_responses")).isEqualTo(json("[" + Golden.read("anthropic/message_text.json") + "]"));
        assertThat(answer.get("user").asText()).isEqualTo("end-user-7");

        JsonNode row = server.logRow(item.get("id").asText());
        assertThat(row.get("output").asText()).isEqualTo("Paris is the capital of France.");
        assertThat(row.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(row.get("prompt_tokens").asInt()).isEqualTo(21);
        assertThat(row.get("output_tokens").asInt()).isEqualTo(9);
    }

    @Test
    void v4DefaultsAreLeftOutMaxTokensIsTheModelsLimitAndImagesBecomeImageBlocks() {
        anthropic.enqueue(Answer.json(200, Golden.read("anthropic/message_max_tokens.json")));
        JsonNode answer = chat("""
                {"messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},
                   {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"high"}},
                   {"type":"image_url","image_url":{"url":"https://example.com/paris.jpg","detail":"auto"}}]}],
                 "model_config":{"provider":"anthropic","model":"claude-sonnet-4-5-20250929"}}""");

        // temperature 1 and top_p 1 are v4's defaults and Anthropic's: left out. max_tokens -1 is
        // the model's largest output.
        assertThat(sentBody()).isEqualTo(json("""
                {"model":"claude-sonnet-4-5-20250929","max_tokens":64000,
                 "messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},
                   {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
                   {"type":"image","source":{"type":"url","url":"https://example.com/paris.jpg"}}]}]}"""));
        JsonNode item = answer.get("data").get(0);
        assertThat(item.get("output").asText()).isEqualTo("This is the Eiffel");
        assertThat(item.get("finish_reason").asText()).isEqualTo("length");
        // The prompt read from Anthropic's cache is part of the prompt.
        assertThat(answer.get("usage")).isEqualTo(json("{\"prompt_tokens\":1626,\"generation_tokens\":5,\"total_tokens\":1631}"));
    }

    @ParameterizedTest
    @CsvSource({
        "claude-fable-5-1, 128000",
        "claude-opus-5-5, 128000",
        "claude-opus-4-6, 128000",
        "claude-sonnet-4-6, 128000",
        "claude-haiku-4-5-20251001, 64000",
        "claude-sonnet-4-20250514, 64000",
        "claude-opus-4-1-20250805, 32000",
        "claude-3-7-sonnet-20250219, 64000",
        "claude-3-5-haiku-20241022, 8192",
        "claude-3-haiku-20240307, 4096",
        "a-model-openloop-does-not-know, 4096"})
    void maxTokensMinusOneIsTheLargestOutputOfTheModelsFamily(String model, int maxTokens) {
        anthropic.enqueue(Answer.json(200, Golden.read("anthropic/message_text.json")));
        chat("""
                {"messages":[{"role":"user","content":"Hi"}],
                 "model_config":{"provider":"anthropic","model":"%s","max_tokens":-1}}""".formatted(model));
        assertThat(sentBody().get("max_tokens").asInt()).isEqualTo(maxTokens);
    }

    @ParameterizedTest
    @CsvSource({
        "end_turn, stop",
        "stop_sequence, stop",
        "max_tokens, length",
        "model_context_window_exceeded, length",
        "tool_use, tool_call",
        "refusal, refusal",
        "pause_turn, pause_turn"})
    void eachStopReasonIsAnsweredAsV4sFinishReason(String stopReason, String finishReason) {
        String golden = Golden.read("anthropic/message_text.json");
        anthropic.enqueue(Answer.json(200, golden.replace("\"stop_reason\": \"end_turn\"", "\"stop_reason\": \"" + stopReason + "\"")));
        JsonNode answer = chat("""
                {"messages":[{"role":"user","content":"Hi"}],"model_config":{"provider":"anthropic","model":"claude-haiku-4-5"}}""");
        assertThat(answer.get("provider_responses").get(0).get("stop_reason").asText()).isEqualTo(stopReason);
        assertThat(answer.get("data").get(0).get("finish_reason").asText()).isEqualTo(finishReason);
    }

    @Test
    void thePromptWrittenToAnthropicsCacheCountsAsPromptToo() {
        // Anthropic leaves out of input_tokens what it wrote to its cache as well as what it read.
        String golden = Golden.read("anthropic/message_text.json")
                .replace("\"cache_creation_input_tokens\": 0", "\"cache_creation_input_tokens\": 2048")
                .replace("\"cache_read_input_tokens\": 0", "\"cache_read_input_tokens\": 300");
        anthropic.enqueue(Answer.json(200, golden));
        JsonNode answer = chat("""
                {"messages":[{"role":"user","content":"Hi"}],"model_config":{"provider":"anthropic","model":"claude-haiku-4-5"}}""");

        assertThat(answer.get("usage")).isEqualTo(json("{\"prompt_tokens\":2369,\"generation_tokens\":9,\"total_tokens\":2378}"));
        assertThat(server.logRow(answer.get("data").get(0).get("id").asText()).get("prompt_tokens").asInt()).isEqualTo(2369);
    }

    private static final String TOOLS = """
            "tools":[{"name":"get_weather","description":"The weather in a city",
                      "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},
                     {"name":"get_time"}]""";

    private static final String ANTHROPIC_TOOLS = """
            [{"name":"get_weather","description":"The weather in a city",
              "input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},
             {"name":"get_time","input_schema":{"type":"object","properties":{}}}]""";

    @Test
    void systemMessagesAreTakenOutRolesMergedAndToolHistoryBecomesToolBlocks() {
        anthropic.enqueue(Answer.json(200, Golden.read("anthropic/message_tool_use.json")));
        JsonNode answer = chat("""
                {"messages":[
                   {"role":"user","content":"What is the weather in Nice?"},
                   {"role":"user","content":"In Celsius, please."},
                   {"role":"assistant","content":"Let me check.","tool_calls":[
                     {"id":"toolu_prev1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Nice\\"}"}},
                     {"id":"toolu_prev2","type":"function","function":{"name":"get_time","arguments":""}}]},
                   {"role":"tool","tool_call_id":"toolu_prev1","content":"{\\"temp_c\\":21}"},
                   {"role":"tool","tool_call_id":"toolu_prev2","content":[{"type":"text","text":"14:05"}]},
                   {"role":"system","content":"Keep answers short."},
                   {"role":"user","content":"And in Paris?"}],
                 "tool_choice":"required",
                 "model_config":{"provider":"anthropic","model":"claude-sonnet-4-5-20250929","max_tokens":1024,
                   "chat_template":[{"role":"system","content":"You are a weather assistant."}],%s}}""".formatted(TOOLS));

        assertThat(sentBody()).isEqualTo(json("""
                {"model":"claude-sonnet-4-5-20250929","max_tokens":1024,
                 "system":[{"type":"text","text":"You are a weather assistant."},{"type":"text","text":"Keep answers short."}],
                 "messages":[
                   {"role":"user","content":[{"type":"text","text":"What is the weather in Nice?"},
                                             {"type":"text","text":"In Celsius, please."}]},
                   {"role":"assistant","content":[{"type":"text","text":"Let me check."},
                     {"type":"tool_use","id":"toolu_prev1","name":"get_weather","input":{"city":"Nice"}},
                     {"type":"tool_use","id":"toolu_prev2","name":"get_time","input":{}}]},
                   {"role":"user","content":[
                     {"type":"tool_result","tool_use_id":"toolu_prev1","content":"{\\"temp_c\\":21}"},
                     {"type":"tool_result","tool_use_id":"toolu_prev2","content":[{"type":"text","text":"14:05"}]},
                     {"type":"text","text":"And in Paris?"}]}],
                 "tools":%s,"tool_choice":{"type":"any"}}""".formatted(ANTHROPIC_TOOLS)));

        JsonNode item = answer.get("data").get(0);
        JsonNode expectedCalls = json("""
                [{"id":"toolu_01A09q90qw90lq917835lq9","type":"function",
                  "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]""");
        assertThat(item.get("tool_calls")).isEqualTo(expectedCalls);
        assertThat(item.get("output_message").get("tool_calls")).isEqualTo(expectedCalls);
        // The text before the call is output; the thinking block is not.
        assertThat(item.get("output").asText()).isEqualTo("I will look up the weather in Paris.");
        assertThat(item.get("finish_reason").asText()).isEqualTo("tool_call");
        assertThat(answer.get("usage")).isEqualTo(json("{\"prompt_tokens\":412,\"generation_tokens\":58,\"total_tokens\":470}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"none\"                                           | {\"type\":\"none\"}",
        "\"auto\"                                           |",
        "{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}} | {\"type\":\"tool\",\"name\":\"get_time\"}"})
    void toolChoiceBecomesAnthropicsToolChoice(String toolChoice, String anthropicToolChoice) {
        anthropic.enqueue(Answer.json(200, Golden.read("anthropic/message_text.json")));
        chat("""
                {"messages":[{"role":"user","content":"Hi"}],"tool_choice":%s,
                 "model_config":{"provider":"anthropic","model":"claude-haiku-4-5",%s}}""".formatted(toolChoice, TOOLS));

        assertThat(sentBody().get("tools")).isEqualTo(json(ANTHROPIC_TOOLS));
        if (anthropicToolChoice == null) {
            assertThat(sentBody().has("tool_choice")).isFalse();
        } else {
            assertThat(sentBody().get("tool_choice")).isEqualTo(json(anthropicToolChoice));
        }
    }

    @Test
    void aTextStreamIsRelayedDeltaByDeltaAndEndsWithFinishReasonAndUsage() {
        anthropic.enqueue(Answer.sse(Golden.read("anthropic/stream_text.sse")));
        HttpResponse<String> response = stream("""
                {"stream":true,"messages":[{"role":"user","content":"Capital of France?"}],
                 "model_config":{"provider":"anthropic","model":"claude-haiku-4-5","temperature":0.3}}""");

        assertThat(anthropic.last().header("Accept")).isEqualTo("text/event-stream");
        assertThat(sentBody()).isEqualTo(json("""
                {"model":"claude-haiku-4-5","max_tokens":64000,"messages":[{"role":"user","content":"Capital of France?"}],
                 "temperature":0.3,"stream":true}"""));

        List<JsonNode> events = SseEvents.data(response.body());
        assertThat(outputs(response)).containsExactly("Paris", " is the", " capital.", "");
        for (JsonNode event : events.subList(0, 3)) {
            assertThat(event.get("data").get(0).get("finish_reason").isNull()).isTrue();
            assertThat(event.get("usage").isNull()).isTrue();
        }
        JsonNode last = events.getLast();
        assertThat(last.get("data").get(0).get("finish_reason").asText()).isEqualTo("stop");
        // The prompt's tokens come with message_start, the output's with message_delta.
        assertThat(last.get("usage")).isEqualTo(json("{\"prompt_tokens\":14,\"generation_tokens\":6,\"total_tokens\":20}"));

        JsonNode row = server.logRow(last.get("data").get(0).get("id").asText());
        assertThat(row.get("status").asText()).isEqualTo("complete");
        assertThat(row.get("raw_output").asText()).isEqualTo("Paris is the capital.");
    }

    @Test
    void aToolUseStreamIsAssembledFromItsInputJsonDeltas() {
        anthropic.enqueue(Answer.sse(Golden.read("anthropic/stream_tool_use.sse")));
        HttpResponse<String> response = stream("""
                {"stream":true,"messages":[{"role":"user","content":"Weather and time in Paris?"}],
                 "model_config":{"provider":"anthropic","model":"claude-sonnet-4-5-20250929",%s}}""".formatted(TOOLS));

        // The thinking block that comes first is not output.
        assertThat(outputs(response)).containsExactly("I will check", " the weather and the time.", "");
        JsonNode last = SseEvents.data(response.body()).getLast();
        JsonNode item = last.get("data").get(0);
        assertThat(item.get("finish_reason").asText()).isEqualTo("tool_call");
        // A call that got no argument text has the empty object, as in a whole answer.
        assertThat(item.get("tool_calls")).isEqualTo(json("""
                [{"id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\": \\"Paris\\"}"}},
                 {"id":"toolu_01QdVfX7hDfDSZ3qnSqRvD1c","type":"function","function":{"name":"get_time","arguments":"{}"}}]"""));
        assertThat(last.get("usage")).isEqualTo(json("{\"prompt_tokens\":472,\"generation_tokens\":89,\"total_tokens\":561}"));
    }

    @Test
    void anErrorEventInTheStreamEndsItWithTheMappedErrorAndAnIncompleteLog() {
        anthropic.enqueue(Answer.sse(Golden.read("anthropic/stream_error.sse")));
        HttpResponse<String> response = stream("""
                {"stream":true,"messages":[{"role":"user","content":"Capital of France?"}],
                 "model_config":{"provider":"anthropic","model":"claude-haiku-4-5"}}""");

        List<JsonNode> deltas = SseEvents.data(response.body());
        assertThat(outputs(response)).containsExactly("Par");
        SseEvent error = SseEvents.parse(response.body()).getLast();
        assertThat(error.event()).isEqualTo("error");
        // overloaded_error is Anthropic's 529, answered as 503 like the status itself.
        assertThat(json(error.data())).isEqualTo(json("""
                {"detail":{"type":"service_unavailable_error","message":"Overloaded","code":503,"origin":"Anthropic"}}"""));
        JsonNode row = server.logRow(deltas.getFirst().get("data").get(0).get("id").asText());
        assertThat(row.get("status").asText()).isEqualTo("incomplete");
        assertThat(row.get("raw_output").asText()).isEqualTo("Par");
    }

    @Test
    void aStreamCutBeforeMessageStopIsReportedAsBroken() {
        // message_start, content_block_start, ping and two deltas, then the connection ends.
        anthropic.enqueue(Answer.sse(Golden.read("anthropic/stream_text.sse")).cutAfter(5));
        HttpResponse<String> response = stream("""
                {"stream":true,"messages":[{"role":"user","content":"Capital of France?"}],
                 "model_config":{"provider":"anthropic","model":"claude-haiku-4-5"}}""");

        assertThat(outputs(response)).containsExactly("Paris", " is the");
        SseEvent error = SseEvents.parse(response.body()).getLast();
        assertThat(error.event()).isEqualTo("error");
        assertThat(json(error.data())).isEqualTo(json("""
                {"detail":{"type":"bad_gateway_error","message":"Anthropic ended the stream before its end marker",
                  "code":502,"origin":"Anthropic"}}"""));
    }

    @ParameterizedTest
    @CsvSource({
        "400, 422, unprocessable_entity_error, 'max_tokens: 200000 > 64000, which is the maximum allowed number of output tokens for claude-sonnet-4-5-20250929'",
        "401, 401, authentication_error, invalid x-api-key",
        "404, 404, not_found_error, 'model: claude-z'",
        "429, 429, rate_limit_error, 'This request would exceed the rate limit for your organization of 50 requests per minute. Please try again later.'",
        "500, 502, bad_gateway_error, Internal server error",
        "529, 503, service_unavailable_error, Overloaded"})
    void anthropicsErrorsAreAnsweredWithTheirMessageAndTheMappedStatus(int anthropicStatus, int status, String type,
            String message) {
        Answer error = Answer.json(anthropicStatus, Golden.read("anthropic/error_" + anthropicStatus + ".json"));
        if (anthropicStatus == 429 || anthropicStatus == 529) {
            error = error.withHeader("retry-after", "7");
        }
        for (boolean stream : List.of(false, true)) {
            anthropic.enqueue(error);
            HttpResponse<String> response = server.post("/v4/chat", """
                    {"stream":%s,"messages":[{"role":"user","content":"Hi"}],
                     "model_config":{"provider":"anthropic","model":"claude-z"}}""".formatted(stream));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
            assertThat(json(response.body()).get("detail")).isEqualTo(json("""
                    {"type":"%s","message":"%s","code":%d,"origin":"Anthropic"}""".formatted(type, message, status)));
            if (status == 429 || status == 503) {
                assertThat(response.headers().firstValue("Retry-After")).contains("7");
            }
        }
    }

    @Test
    void whatAnthropicCannotHonourIsRefusedWith422BeforeAnyCall() {
        int before = anthropic.received().size();
        HttpResponse<String> response = server.post("/v4/chat", """
                {"messages":[
                   {"role":"system","content":[{"type":"text","text":"Look:"},
                     {"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]},
                   {"role":"user","content":[
                     {"type":"image_url","image_url":{"url":"https://example.com/b.png","detail":"low"}},
                     {"type":"image_url","image_url":{"url":"ftp://example.com/c.png"}},
                     {"type":"image_url","image_url":{"url":"data:image/svg+xml;base64,PHN2Zz4="}},
                     {"type":"image_url","image_url":{"url":"data:image/png,rawbytes"}}]},
                   {"role":"assistant","tool_calls":[{"id":"toolu_x","type":"function",
                     "function":{"name":"get_weather","arguments":"[\\"Paris\\"]"}}]},
                   {"role":"tool","name":"get_weather","content":"21","tool_calls":[{"id":"toolu_y","type":"function",
                     "function":{"name":"get_time","arguments":"{}"}}]},
                   {"role":"assistant","content":"ok","tool_call":{"name":"get_time","arguments":"{}"}},
                   {"role":"user","name":"ada","content":"Thanks"}],
                 "seed":7,"response_format":{"type":"json_object"},
                 "model_config":{"provider":"anthropic","model":"claude-sonnet-4-5","temperature":1.5,
                   "presence_penalty":0.5,"frequency_penalty":-0.5,"stop":["END","\\n"],%s}}""".formatted(TOOLS));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(json(response.body())).isEqualTo(json("""
                {"detail":[
                  {"loc":["body","model_config","temperature"],"msg":"Anthropic cannot honour temperature: Anthropic accepts 0 to 1, this config asks 1.5","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","model_config","presence_penalty"],"msg":"Anthropic cannot honour presence_penalty: the Messages API has no presence penalty","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","model_config","frequency_penalty"],"msg":"Anthropic cannot honour frequency_penalty: the Messages API has no frequency penalty","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","model_config","stop"],"msg":"Anthropic cannot honour stop: Anthropic refuses a stop sequence that is empty or only whitespace, as stop[1] is","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","seed"],"msg":"Anthropic cannot honour seed: the Messages API has no seed","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","response_format"],"msg":"Anthropic cannot honour response_format: the Messages API has no JSON mode; ask for JSON in the prompt, or pass a JSON schema in other.output_config (Anthropic's structured outputs)","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","messages",0,"content",1],"msg":"Anthropic cannot honour an image in a system message: Anthropic reads images in user and tool messages only","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","messages",1,"content",0,"image_url","detail"],"msg":"Anthropic cannot honour image detail 'low': Anthropic always reads images at full resolution; leave detail out or use auto or high","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","messages",1,"content",1,"image_url","url"],"msg":"Anthropic cannot honour this image URL: Anthropic reads images from http(s) URLs and base64 data: URLs","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","messages",1,"content",2,"image_url","url"],"msg":"Anthropic cannot honour this image URL: Anthropic reads image/jpeg, image/png, image/gif and image/webp, this image is image/svg+xml","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","messages",1,"content",3,"image_url","url"],"msg":"Anthropic cannot honour this image URL: Anthropic reads data: URLs in base64 only","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","messages",2,"tool_calls",0,"function","arguments"],"msg":"Anthropic cannot honour tool call arguments that are not a JSON object: Anthropic takes a tool call's input as an object","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","messages",3,"tool_call_id"],"msg":"Anthropic cannot honour a tool message without tool_call_id: Anthropic needs the id of the tool call it answers","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","messages",3,"tool_calls"],"msg":"Anthropic cannot honour tool calls in a tool message: Anthropic takes tool calls in assistant messages only","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","messages",4,"tool_call"],"msg":"Anthropic cannot honour the deprecated tool_call: give the call in tool_calls, with its id","type":"value_error.unsupported_by_provider"},
                  {"loc":["body","messages",5,"name"],"msg":"Anthropic cannot honour a message's name: the Messages API has no author names; say who speaks in the content","type":"value_error.unsupported_by_provider"}]}"""));
        assertThat(anthropic.received()).hasSize(before);
    }

    @Test
    void aSeedInTheConfigIsRefusedAtItsPlaceInTheConfig() {
        HttpResponse<String> response = server.post("/v4/chat", """
                {"messages":[{"role":"user","content":"Hi"}],
                 "model_config":{"provider":"anthropic","model":"claude-haiku-4-5","seed":7}}""");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response.body()).get("detail").get(0).get("loc"))
                .isEqualTo(json("[\"body\",\"model_config\",\"seed\"]"));
    }

    @Test
    void eachSampleIsACallOfItsOwn() {
        anthropic.enqueue(Answer.json(200, Golden.read("anthropic/message_text.json")));
        anthropic.enqueue(Answer.json(200, Golden.read("anthropic/message_max_tokens.json")));
        int before = anthropic.received().size();
        JsonNode answer = chat("""
                {"num_samples":2,"messages":[{"role":"user","content":"Capital of France?"}],
                 "model_config":{"provider":"anthropic","model":"claude-sonnet-4-5-20250929","max_tokens":256}}""");

        List<ProviderFake.Received> calls = anthropic.received().subList(before, anthropic.received().size());
        JsonNode oneSample = json("""
                {"model":"claude-sonnet-4-5-20250929","max_tokens":256,
                 "messages":[{"role":"user","content":"Capital of France?"}]}""");
        assertThat(calls).extracting(call -> json(call.body())).containsExactly(oneSample, oneSample);
        // The calls run side by side, so which answer went to which sample is not fixed.
        assertThat(answer.get("data")).extracting(item -> item.get("index").asInt()).containsExactly(0, 1);
        assertThat(answer.get("data")).extracting(item -> item.get("output").asText())
                .containsExactlyInAnyOrder("Paris is the capital of France.", "This is the Eiffel");
        assertThat(answer.get("usage")).isEqualTo(json("{\"prompt_tokens\":1647,\"generation_tokens\":14,\"total_tokens\":1661}"));
    }

    @Test
    void theRequestsKeyWinsAndIsNeitherStoredNorEchoed() {
        anthropic.enqueue(Answer.json(200, Golden.read("anthropic/message_text.json")));
        JsonNode answer = chat("""
                {"provider_api_keys":{"anthropic":"%s"},"messages":[{"role":"user","content":"Hi"}],
                 "model_config":{"provider":"anthropic","model":"claude-haiku-4-5"}}""".formatted(REQUEST_KEY));
        assertThat(anthropic.last().header("x-api-key")).isEqualTo(REQUEST_KEY);
        assertThat(answer.toString()).doesNotContain(REQUEST_KEY);
        assertThat(server.logRow(answer.get("data").get(0).get("id").asText()).toString()).doesNotContain(REQUEST_KEY);

        // A provider that quotes the key back in its error: the answer shows it redacted.
        anthropic.enqueue(Answer.json(401, """
                {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key: %s"}}""".formatted(REQUEST_KEY)));
        HttpResponse<String> refused = server.post("/v4/chat", """
                {"provider_api_keys":{"anthropic":"%s"},"messages":[{"role":"user","content":"Hi"}],
                 "model_config":{"provider":"anthropic","model":"claude-haiku-4-5"}}""".formatted(REQUEST_KEY));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).doesNotContain(REQUEST_KEY).contains("invalid x-api-key: [redacted]");
    }

    @Test
    void withoutAnyKeyTheCallIsRefusedAndNotMade() {
        try (TestServer keyless = TestServer.start(Map.of("ANTHROPIC_BASE_URL", anthropic.baseUrl()))) {
            int before = anthropic.received().size();
            HttpResponse<String> response = keyless.post("/v4/chat", """
                    {"messages":[{"role":"user","content":"Hi"}],"model_config":{"provider":"anthropic","model":"claude-haiku-4-5"}}""");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response.body())).isEqualTo(json("""
                    {"detail":{"type":"missing_api_key","message":"No API key for Anthropic: pass provider_api_keys.anthropic or set ANTHROPIC_API_KEY on the server",
                      "code":400,"origin":"OpenLoop"}}"""));
            assertThat(anthropic.received()).hasSize(before);
        }
    }
}
