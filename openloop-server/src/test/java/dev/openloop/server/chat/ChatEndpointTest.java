package dev.openloop.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/** {@code POST /v4/chat} on the mock provider, over real HTTP, answers and logs as spec §3–§6 say. */
class ChatEndpointTest extends EveryStoreSuite {
    private static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        server = TestServer.start(store);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    private static JsonNode chat(String body) {
        HttpResponse<String> response = server.post("/v4/chat", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestServer.json(response.body());
    }

    private static final String MOCK = "\"model_config\":{\"provider\":\"mock\",\"model\":\"mock-1\"}";

    @Test
    void everyKeyTheSeedReadsIsPresent() {
        JsonNode body = chat("{\"project\":\"seed-keys\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]," + MOCK + "}");
        for (String key : List.of("data", "provider_responses", "project_id", "num_samples", "logprobs", "suffix", "user",
                "usage", "metadata", "tool_call", "tool_choice", "session_id", "provider_request")) {
            assertThat(body.has(key)).as("key %s in %s", key, body).isTrue();
        }
        JsonNode item = body.get("data").get(0);
        for (String key : List.of("id", "index", "output", "raw_output", "model_config_id", "output_message", "inputs",
                "finish_reason", "messages", "tool_calls", "tool_call", "tool_results")) {
            assertThat(item.has(key)).as("data[0] key %s", key).isTrue();
        }
        assertThat(item.get("id").asText()).matches("data_[A-Za-z0-9]{21}");
        assertThat(item.get("output").asText()).isEqualTo("Mock response to: Hi");
        assertThat(item.get("output_message").get("role").asText()).isEqualTo("assistant");
        assertThat(item.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(body.get("usage").get("generation_tokens").asInt()).isEqualTo(4);
        assertThat(body.get("usage").get("prompt_tokens").asInt()).isEqualTo(1);
        assertThat(body.get("usage").get("total_tokens").asInt()).isEqualTo(5);
        assertThat(body.get("num_samples").asInt()).isEqualTo(1);
        assertThat(body.get("logprobs").isNull()).isTrue();
        assertThat(body.get("provider_responses")).hasSize(1);
    }

    @Test
    void theLogHoldsWhatWasAskedAndAnswered() {
        JsonNode body = chat("""
                {"project":"log-content","messages":[{"role":"user","content":"Tell me"}],"user":"u-1","source":"tests",
                 "metadata":{"k":"v"},"inputs":{"x":1},%s}""".formatted(MOCK));
        JsonNode row = server.logRow(body.get("data").get(0).get("id").asText());
        assertThat(row.get("status").asText()).isEqualTo("complete");
        assertThat(row.get("project_id").asText()).isEqualTo(body.get("project_id").asText());
        assertThat(row.get("config_id").asText()).isEqualTo(body.get("data").get(0).get("model_config_id").asText());
        assertThat(row.get("output").asText()).isEqualTo("Mock response to: Tell me");
        assertThat(TestServer.json(row.get("messages").asText()).get(0).get("content").asText()).isEqualTo("Tell me");
        assertThat(TestServer.json(row.get("output_message").asText()).get("content").asText()).isEqualTo("Mock response to: Tell me");
        assertThat(TestServer.json(row.get("inputs").asText()).get("x").asInt()).isEqualTo(1);
        assertThat(TestServer.json(row.get("metadata").asText()).get("k").asText()).isEqualTo("v");
        assertThat(row.get("end_user").asText()).isEqualTo("u-1");
        assertThat(row.get("source").asText()).isEqualTo("tests");
        assertThat(row.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(row.get("prompt_tokens").asInt()).isEqualTo(2);
        assertThat(row.get("output_tokens").asInt()).isEqualTo(5);
        assertThat(row.get("provider_latency").isNumber()).isTrue();
        assertThat(row.get("error").isNull()).isTrue();
        assertThat(row.get("created_at").asLong()).isPositive();
    }

    @Test
    void aProjectNameIsCreatedOnFirstUseAndReusedAfter() {
        String first = chat("{\"project\":\"by-name\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]," + MOCK + "}")
                .get("project_id").asText();
        String second = chat("{\"project\":\"by-name\",\"messages\":[{\"role\":\"user\",\"content\":\"b\"}]," + MOCK + "}")
                .get("project_id").asText();
        assertThat(first).startsWith("pr_").isEqualTo(second);
        String byId = chat("{\"project_id\":\"" + first + "\",\"messages\":[{\"role\":\"user\",\"content\":\"c\"}]," + MOCK + "}")
                .get("project_id").asText();
        assertThat(byId).isEqualTo(first);
    }

    @Test
    void anUnknownProjectIdIs404() {
        HttpResponse<String> response = server.post("/v4/chat",
                "{\"project_id\":\"pr_doesnotexist\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]," + MOCK + "}");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(TestServer.json(response.body()).get("detail").asText()).contains("pr_doesnotexist");
    }

    @Test
    void withoutAProjectTheAnswerHasNoProjectId() {
        JsonNode body = chat("{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]," + MOCK + "}");
        assertThat(body.get("project_id").isNull()).isTrue();
    }

    @Test
    void theSameParametersAlwaysGiveTheSameConfigId() {
        String a = chat("{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"model_config\":{\"provider\":\"mock\",\"model\":\"m\",\"temperature\":0.5}}")
                .get("data").get(0).get("model_config_id").asText();
        String sameWithDefaultsSpelledOut = chat("""
                {"messages":[{"role":"user","content":"b"}],"model_config":{"model":"m","provider":"mock","temperature":0.5,
                 "top_p":1,"max_tokens":-1,"presence_penalty":0,"frequency_penalty":0,"endpoint":"chat","name":"another label"}}""")
                .get("data").get(0).get("model_config_id").asText();
        String different = chat("{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"model_config\":{\"provider\":\"mock\",\"model\":\"m\",\"temperature\":0.6}}")
                .get("data").get(0).get("model_config_id").asText();
        assertThat(a).matches("config_[A-Za-z0-9]{21}").isEqualTo(sameWithDefaultsSpelledOut).isNotEqualTo(different);
    }

    @Test
    void eachSampleIsADataItemAndALog() {
        JsonNode body = chat("{\"project\":\"samples\",\"num_samples\":3,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]," + MOCK + "}");
        assertThat(body.get("data")).hasSize(3);
        assertThat(body.get("num_samples").asInt()).isEqualTo(3);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            JsonNode item = body.get("data").get(i);
            assertThat(item.get("index").asInt()).isEqualTo(i);
            ids.add(item.get("id").asText());
            assertThat(server.logRow(item.get("id").asText()).get("status").asText()).isEqualTo("complete");
        }
        assertThat(ids).hasSize(3);
    }

    @Test
    void theChatTemplateIsRenderedWithInputsAndPlacedBeforeTheMessages() {
        JsonNode body = chat("""
                {"messages":[{"role":"user","content":"And you?"}],"inputs":{"name":"Ada","facts":{"age":36}},
                 "model_config":{"provider":"mock","model":"m","chat_template":[
                   {"role":"system","content":"You talk to {{name}} ({{ facts }}). {{unused_brace"}]}}""");
        JsonNode sent = body.get("provider_request").get("messages");
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).get("role").asText()).isEqualTo("system");
        assertThat(sent.get(0).get("content").asText()).isEqualTo("You talk to Ada ({\"age\":36}). {{unused_brace");
        assertThat(sent.get(1).get("content").asText()).isEqualTo("And you?");
        assertThat(body.get("data").get(0).get("inputs").get("name").asText()).isEqualTo("Ada");
    }

    @Test
    void returnInputsFalseEmptiesTheInputsOfTheAnswer() {
        JsonNode body = chat("{\"return_inputs\":false,\"inputs\":{\"a\":\"b\"},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]," + MOCK + "}");
        assertThat(body.get("data").get(0).get("inputs")).isEmpty();
    }

    @Test
    void sessionsAreFoundByReferenceAndCreatedOnFirstUse() {
        JsonNode first = chat("{\"session_reference_id\":\"conv-42\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]," + MOCK + "}");
        JsonNode second = chat("{\"session_reference_id\":\"conv-42\",\"messages\":[{\"role\":\"user\",\"content\":\"b\"}]," + MOCK + "}");
        String sessionId = first.get("session_id").asText();
        assertThat(sessionId).startsWith("sesh_").isEqualTo(second.get("session_id").asText());
        JsonNode third = chat("{\"session_id\":\"" + sessionId + "\",\"messages\":[{\"role\":\"user\",\"content\":\"c\"}]," + MOCK + "}");
        assertThat(third.get("session_id").asText()).isEqualTo(sessionId);
        assertThat(server.logRow(third.get("data").get(0).get("id").asText()).get("session_id").asText()).isEqualTo(sessionId);
    }

    @Test
    void anUnknownSessionIdIs404() {
        HttpResponse<String> response = server.post("/v4/chat",
                "{\"session_id\":\"sesh_nope\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]," + MOCK + "}");
        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void aParentIsFoundByIdAndAnUnknownParentIs404() {
        String parent = chat("{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]," + MOCK + "}").get("data").get(0).get("id").asText();
        JsonNode child = chat("{\"parent_id\":\"" + parent + "\",\"messages\":[{\"role\":\"user\",\"content\":\"b\"}]," + MOCK + "}");
        assertThat(server.logRow(child.get("data").get(0).get("id").asText()).get("parent_id").asText()).isEqualTo(parent);
        assertThat(server.post("/v4/chat", "{\"parent_id\":\"data_nope\",\"messages\":[{\"role\":\"user\",\"content\":\"b\"}]," + MOCK + "}")
                .statusCode()).isEqualTo(404);
        assertThat(server.post("/v4/chat", "{\"parent_reference_id\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"b\"}]," + MOCK + "}")
                .statusCode()).isEqualTo(404);
    }

    @Test
    void saveFalseKeepsTheLogRowButNothingTheCallerSentOrTheModelGenerated() {
        JsonNode body = chat("""
                {"save":false,"inputs":{"secret":"s"},"metadata":{"m":1},"user":"someone","source":"private-app",
                 "tool_choice":"none","messages":[{"role":"user","content":"private"}],%s}""".formatted(MOCK));
        assertThat(body.get("data").get(0).get("output").asText()).isEqualTo("Mock response to: private");
        assertThat(body.get("metadata").get("m").asInt()).isEqualTo(1);
        JsonNode row = server.logRow(body.get("data").get(0).get("id").asText());
        for (String payload : List.of("messages", "inputs", "output", "raw_output", "output_message", "provider_request",
                "provider_response", "metadata", "end_user", "source", "tool_choice", "error")) {
            assertThat(row.get(payload).isNull()).as(payload).isTrue();
        }
        assertThat(row.get("saved").asInt()).isZero();
        assertThat(row.get("status").asText()).isEqualTo("complete");
        assertThat(row.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(row.get("output_tokens").asInt()).isEqualTo(4);
        assertThat(row.get("config_id").asText()).isEqualTo(body.get("data").get(0).get("model_config_id").asText());
    }

    @Test
    void saveFalseKeepsAFailureButNotItsMessageWhichMayQuoteThePrompt() {
        HttpResponse<String> response = server.post("/v4/chat", """
                {"save":false,"project":"unsaved-failures","messages":[{"role":"user","content":"my secret"}],
                 "model_config":{"provider":"mock","model":"m","other":{"mock_error_status":400,
                   "mock_error_message":"Invalid prompt, quoted back"}}}""");
        assertThat(response.statusCode()).isEqualTo(422);
        String error = server.database().withHandle(h -> h.createQuery(
                "SELECT l.error FROM logs l JOIN projects p ON p.id = l.project_id WHERE p.name = 'unsaved-failures'")
                .mapTo(String.class).one());
        assertThat(error).isEqualTo("Mock unprocessable_entity_error (422)");
        assertThat(server.databaseHolds("my secret")).isFalse();
    }

    @Test
    void aForcedToolGetsAToolCallWhoseArgumentsFitItsSchema() {
        JsonNode body = chat("""
                {"messages":[{"role":"user","content":"weather?"}],
                 "tool_choice":{"type":"function","function":{"name":"get_weather"}},
                 "model_config":{"provider":"mock","model":"m","tools":[{"name":"get_weather","description":"Weather",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"},
                   "unit":{"type":"string","enum":["celsius","fahrenheit"]},"tags":{"type":"array","items":{"type":"string"}}},
                   "required":["city"]}}]}}""");
        JsonNode item = body.get("data").get(0);
        assertThat(item.get("finish_reason").asText()).isEqualTo("tool_call");
        JsonNode call = item.get("output_message").get("tool_calls").get(0);
        assertThat(call.get("type").asText()).isEqualTo("function");
        assertThat(call.get("function").get("name").asText()).isEqualTo("get_weather");
        JsonNode arguments = TestServer.json(call.get("function").get("arguments").asText());
        assertThat(arguments.get("city").isTextual()).isTrue();
        assertThat(arguments.get("days").isInt()).isTrue();
        assertThat(arguments.get("unit").asText()).isEqualTo("celsius");
        assertThat(arguments.get("tags").isArray()).isTrue();
        assertThat(item.get("tool_calls").get(0)).isEqualTo(call);
        assertThat(item.get("tool_call").get("name").asText()).isEqualTo("get_weather");
        assertThat(body.get("tool_choice").get("function").get("name").asText()).isEqualTo("get_weather");
        assertThat(body.get("tool_call").isNull()).isTrue();
    }

    @Test
    void aForcedToolsStringArgumentsFitTheirPatterns() {
        JsonNode body = chat("""
                {"messages":[{"role":"user","content":"x"}],"tool_choice":"required",
                 "model_config":{"provider":"mock","model":"m","tools":[{"name":"book","parameters":{"type":"object","properties":{
                   "digits":{"type":"string","pattern":"^[0-9]+$"},
                   "code":{"type":"string","pattern":"^[A-Z]{3}-\\\\d{2,4}$"},
                   "choice":{"type":"string","pattern":"^(?:yes|no)$"},
                   "unreadable":{"type":"string","pattern":"^(?=x)y$"},
                   "short":{"type":"string","maxLength":2},
                   "long":{"type":"string","minLength":6}}}}]}}""");
        JsonNode arguments = TestServer.json(body.get("data").get(0).get("tool_calls").get(0).get("function").get("arguments").asText());
        assertThat(arguments.get("digits").asText()).isEqualTo("0");
        assertThat(arguments.get("code").asText()).isEqualTo("AAA-00");
        assertThat(arguments.get("choice").asText()).isEqualTo("yes");
        assertThat(arguments.get("unreadable").asText()).as("a pattern beyond the mock").isEqualTo("mock");
        assertThat(arguments.get("short").asText()).isEqualTo("mo");
        assertThat(arguments.get("long").asText()).isEqualTo("mockxx");
    }

    @Test
    void aPatternTooDeepTooLongOrTooCostlyIsNotHonouredAndTheAnswerStillComes() {
        Map<String, String> patterns = new LinkedHashMap<>();
        patterns.put("deep", "(".repeat(50_000) + "a" + ")".repeat(50_000));
        patterns.put("long", "x" + "|y".repeat(1_000));
        patterns.put("multiplied", "((a{999}){999}){999}");
        patterns.put("backtracking", "^(?:a|a){40}\\B-");
        patterns.put("deepWithinTheLimit", "(".repeat(32) + "b" + ")".repeat(32));
        Map<String, Object> properties = new LinkedHashMap<>();
        patterns.forEach((name, pattern) -> properties.put(name, Map.of("type", "string", "pattern", pattern)));
        Map<String, Object> body = Map.of(
                "messages", List.of(Map.of("role", "user", "content", "x")),
                "tool_choice", "required",
                "model_config", Map.of("provider", "mock", "model", "m", "tools", List.of(Map.of("name", "book",
                        "parameters", Map.of("type", "object", "properties", properties)))));

        long started = System.nanoTime();
        HttpResponse<String> response = server.postJson("/v4/chat", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        JsonNode arguments = TestServer.json(TestServer.json(response.body()).get("data").get(0).get("tool_calls").get(0)
                .get("function").get("arguments").asText());
        for (String beyond : List.of("deep", "long", "multiplied", "backtracking")) {
            assertThat(arguments.get(beyond).asText()).as(beyond).isEqualTo("mock");
        }
        assertThat(arguments.get("deepWithinTheLimit").asText()).isEqualTo("b");
    }

    @Test
    void aRetryAfterSettingThatIsNoHeaderValueIsRefused() {
        for (String value : List.of("{\"a\":1}", "[7]", "true", "-1", "1.5", "\"7\\r\\nX-Injected: 1\"")) {
            HttpResponse<String> response = server.post("/v4/chat", """
                    {"messages":[{"role":"user","content":"x"}],
                     "model_config":{"provider":"mock","model":"m","other":{"mock_error_status":429,"mock_error_retry_after":%s}}}"""
                    .formatted(value));
            assertThat(response.statusCode()).as("Retry-After %s: %s", value, response.body()).isEqualTo(422);
            JsonNode problem = TestServer.json(response.body()).get("detail").get(0);
            assertThat(problem.get("loc").toString()).isEqualTo("[\"body\",\"model_config\",\"other\",\"mock_error_retry_after\"]");
        }
        HttpResponse<String> seconds = server.post("/v4/chat", """
                {"messages":[{"role":"user","content":"x"}],
                 "model_config":{"provider":"mock","model":"m","other":{"mock_error_status":429,"mock_error_retry_after":7}}}""");
        assertThat(seconds.statusCode()).isEqualTo(429);
        assertThat(seconds.headers().firstValue("Retry-After")).contains("7");
    }

    @Test
    void theLegacyToolCallIsAcceptedAndEchoed() {
        JsonNode body = chat("""
                {"messages":[{"role":"user","content":"x"}],"tool_call":{"name":"lookup"},
                 "model_config":{"provider":"mock","model":"m","tools":[{"name":"lookup","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}]}}""");
        assertThat(body.get("tool_call").get("name").asText()).isEqualTo("lookup");
        assertThat(body.get("data").get(0).get("finish_reason").asText()).isEqualTo("tool_call");
    }

    @Test
    void maxTokensCutsTheMockAnswerWithFinishReasonLength() {
        JsonNode body = chat("{\"messages\":[{\"role\":\"user\",\"content\":\"one two three\"}],\"model_config\":{\"provider\":\"mock\",\"model\":\"m\",\"max_tokens\":2}}");
        assertThat(body.get("data").get(0).get("output").asText()).isEqualTo("Mock response");
        assertThat(body.get("data").get(0).get("finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void aSimulatedProviderFailureIsAnsweredWithItsOriginAndLogged() {
        HttpResponse<String> response = server.post("/v4/chat", """
                {"project":"failures","messages":[{"role":"user","content":"x"}],
                 "model_config":{"provider":"mock","model":"m","other":{"mock_error_status":429,"mock_error_retry_after":"7"}}}""");
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).contains("7");
        JsonNode detail = TestServer.json(response.body()).get("detail");
        assertThat(detail.get("type").asText()).isEqualTo("rate_limit_error");
        assertThat(detail.get("code").asInt()).isEqualTo(429);
        assertThat(detail.get("origin").asText()).isEqualTo("Mock");
        int errors = server.database().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM logs l JOIN projects p ON p.id = l.project_id WHERE p.name = 'failures' AND l.error IS NOT NULL")
                .mapTo(Integer.class).one());
        assertThat(errors).isEqualTo(1);
    }

    @Test
    void imagePartsAndToolMessagesAreAccepted() {
        JsonNode body = chat("""
                {"messages":[
                  {"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"https://example.com/a.png","detail":"low"}}]},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"42"},
                  {"role":"user","content":"so?","name":"ada"}],%s}""".formatted(MOCK));
        assertThat(body.get("data").get(0).get("output").asText()).isEqualTo("Mock response to: so?");
        assertThat(body.get("provider_request").get("messages").get(0).get("content").get(1).get("image_url").get("detail").asText())
                .isEqualTo("low");
    }

    @Test
    void theResponseEchoesUserMetadataAndNumSamples() {
        JsonNode body = chat("{\"user\":\"end-user\",\"metadata\":{\"a\":[1,2]},\"num_samples\":2,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]," + MOCK + "}");
        assertThat(body.get("user").asText()).isEqualTo("end-user");
        assertThat(body.get("metadata")).isEqualTo(TestServer.json("{\"a\":[1,2]}"));
        assertThat(body.get("num_samples").asInt()).isEqualTo(2);
        assertThat(server.postJson("/v4/chat", Map.of("messages", List.of(Map.of("role", "user", "content", "x")),
                "model_config", Map.of("provider", "mock", "model", "m"), "seed", 7, "response_format", Map.of("type", "json_object")))
                .statusCode()).isEqualTo(200);
    }
}
