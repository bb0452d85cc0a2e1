package dev.openloop.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * Every class of bad chat body is answered 422 with FastAPI's {@code detail} list, naming where the
 * problem is, and nothing is logged for it.
 */
class ChatValidationTest extends EveryStoreSuite {
    private static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        server = TestServer.start(store);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    /** The detail list of a 422. */
    private static List<JsonNode> problems(String path, String body) {
        int logsBefore = server.logCount();
        HttpResponse<String> response = server.post(path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/json"));
        assertThat(server.logCount()).as("nothing is logged for a refused body").isEqualTo(logsBefore);
        List<JsonNode> detail = new ArrayList<>();
        TestServer.json(response.body()).get("detail").forEach(detail::add);
        assertThat(detail).isNotEmpty();
        for (JsonNode problem : detail) {
            assertThat(problem.get("loc").get(0).asText()).isIn("body", "query", "path");
            assertThat(problem.get("msg").asText()).isNotBlank();
            assertThat(problem.get("type").asText()).isNotBlank();
        }
        return detail;
    }

    private static List<JsonNode> problems(String body) {
        return problems("/v4/chat", body);
    }

    private static JsonNode only(List<JsonNode> problems) {
        assertThat(problems).hasSize(1);
        return problems.getFirst();
    }

    private static String loc(JsonNode problem) {
        return problem.get("loc").toString();
    }

    @Test
    void missingMessages() {
        JsonNode problem = only(problems("{\"model_config\":{\"model\":\"m\",\"provider\":\"mock\"}}"));
        assertThat(loc(problem)).isEqualTo("[\"body\",\"messages\"]");
        assertThat(problem.get("type").asText()).isEqualTo("value_error.missing");
        assertThat(problem.get("msg").asText()).isEqualTo("field required");
    }

    @Test
    void aToolChoiceTheConfigCannotHonourIsNamedAsTheRequestSpelledIt() {
        String config = "\"model_config\":{\"model\":\"m\",\"provider\":\"mock\"}";
        JsonNode choice = only(problems("{\"messages\":[]," + config + ",\"tool_choice\":\"required\"}"));
        assertThat(loc(choice)).isEqualTo("[\"body\",\"tool_choice\"]");
        JsonNode deprecated = only(problems("{\"messages\":[]," + config
                + ",\"tool_call\":{\"name\":\"lookup\"}}"));
        assertThat(loc(deprecated)).isEqualTo("[\"body\",\"tool_call\"]");
        assertThat(deprecated.get("msg").asText()).isEqualTo("the config has no tool named 'lookup'");
    }

    @Test
    void missingModelConfigAndItsModel() {
        assertThat(loc(only(problems("{\"messages\":[]}")))).isEqualTo("[\"body\",\"model_config\"]");
        JsonNode problem = only(problems("{\"messages\":[],\"model_config\":{\"provider\":\"mock\"}}"));
        assertThat(loc(problem)).isEqualTo("[\"body\",\"model_config\",\"model\"]");
        assertThat(problem.get("type").asText()).isEqualTo("value_error.missing");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<JsonNode> all = problems("""
                {"messages":[{"role":"robot","content":"x"},{"content":"no role"}],
                 "model_config":{"provider":"mock","model":"m","temperature":"hot","top_p":3,"colour":"red"},
                 "num_samples":0,"stream":"yes","surprise":1}""");
        List<String> locs = all.stream().map(ChatValidationTest::loc).toList();
        assertThat(locs).contains(
                "[\"body\",\"messages\",0,\"role\"]",
                "[\"body\",\"messages\",1,\"role\"]",
                "[\"body\",\"model_config\",\"temperature\"]",
                "[\"body\",\"model_config\",\"top_p\"]",
                "[\"body\",\"model_config\",\"colour\"]",
                "[\"body\",\"num_samples\"]",
                "[\"body\",\"stream\"]",
                "[\"body\",\"surprise\"]");
    }

    @Test
    void badEnumValuesNameWhatIsPermitted() {
        JsonNode role = only(problems("{\"messages\":[{\"role\":\"robot\"}],\"model_config\":{\"model\":\"m\",\"provider\":\"mock\"}}"));
        assertThat(role.get("type").asText()).isEqualTo("type_error.enum");
        assertThat(role.get("msg").asText()).contains("'user'", "'assistant'", "'system'", "'tool'");

        JsonNode provider = only(problems("{\"messages\":[],\"model_config\":{\"model\":\"m\",\"provider\":\"skynet\"}}"));
        assertThat(loc(provider)).isEqualTo("[\"body\",\"model_config\",\"provider\"]");
        assertThat(provider.get("msg").asText()).contains("'openai'", "'mock'", "'anthropic'");

        JsonNode endpoint = only(problems("{\"messages\":[],\"model_config\":{\"model\":\"m\",\"provider\":\"mock\",\"endpoint\":\"fax\"}}"));
        assertThat(loc(endpoint)).isEqualTo("[\"body\",\"model_config\",\"endpoint\"]");

        JsonNode toolChoice = only(problems("{\"messages\":[],\"tool_choice\":\"sometimes\",\"model_config\":{\"model\":\"m\",\"provider\":\"mock\"}}"));
        assertThat(loc(toolChoice)).isEqualTo("[\"body\",\"tool_choice\"]");
        assertThat(toolChoice.get("type").asText()).isEqualTo("type_error.enum");

        JsonNode format = only(problems("{\"messages\":[],\"response_format\":{\"type\":\"yaml\"},\"model_config\":{\"model\":\"m\",\"provider\":\"mock\"}}"));
        assertThat(loc(format)).isEqualTo("[\"body\",\"response_format\",\"type\"]");

        JsonNode part = only(problems("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"audio\",\"data\":\"x\"}]}],\"model_config\":{\"model\":\"m\",\"provider\":\"mock\"}}"));
        assertThat(loc(part)).isEqualTo("[\"body\",\"messages\",0,\"content\",0,\"type\"]");
    }

    @Test
    void wrongTypesAreNamed() {
        JsonNode count = only(problems("{\"messages\":[],\"num_samples\":\"2\",\"model_config\":{\"model\":\"m\",\"provider\":\"mock\"}}"));
        assertThat(count.get("type").asText()).isEqualTo("type_error.integer");
        JsonNode fraction = only(problems("{\"messages\":[],\"num_samples\":1.5,\"model_config\":{\"model\":\"m\",\"provider\":\"mock\"}}"));
        assertThat(fraction.get("type").asText()).isEqualTo("type_error.integer");
        JsonNode list = only(problems("{\"messages\":\"hello\",\"model_config\":{\"model\":\"m\",\"provider\":\"mock\"}}"));
        assertThat(list.get("type").asText()).isEqualTo("type_error.list");
        JsonNode dict = only(problems("{\"messages\":[],\"inputs\":[1],\"model_config\":{\"model\":\"m\",\"provider\":\"mock\"}}"));
        assertThat(dict.get("type").asText()).isEqualTo("type_error.dict");
        JsonNode string = only(problems("{\"messages\":[],\"project\":5,\"model_config\":{\"model\":\"m\",\"provider\":\"mock\"}}"));
        assertThat(string.get("type").asText()).isEqualTo("type_error.str");
        JsonNode bool = only(problems("{\"messages\":[],\"save\":\"no\",\"model_config\":{\"model\":\"m\",\"provider\":\"mock\"}}"));
        assertThat(bool.get("type").asText()).isEqualTo("type_error.bool");
        JsonNode content = only(problems("{\"messages\":[{\"role\":\"user\",\"content\":42}],\"model_config\":{\"model\":\"m\",\"provider\":\"mock\"}}"));
        assertThat(loc(content)).isEqualTo("[\"body\",\"messages\",0,\"content\"]");
        JsonNode config = only(problems("{\"messages\":[],\"model_config\":\"gpt-4\"}"));
        assertThat(config.get("type").asText()).isEqualTo("type_error.dict");
    }

    @Test
    void unknownFieldsOnTheStrictSchemasAreRefused() {
        JsonNode top = only(problems("{\"messages\":[],\"temprature\":1,\"model_config\":{\"model\":\"m\",\"provider\":\"mock\"}}"));
        assertThat(loc(top)).isEqualTo("[\"body\",\"temprature\"]");
        assertThat(top.get("type").asText()).isEqualTo("value_error.extra");
        assertThat(top.get("msg").asText()).isEqualTo("extra fields not permitted");
        JsonNode nested = only(problems("{\"messages\":[],\"model_config\":{\"model\":\"m\",\"provider\":\"mock\",\"maxTokens\":5}}"));
        assertThat(loc(nested)).isEqualTo("[\"body\",\"model_config\",\"maxTokens\"]");
    }

    @Test
    void fieldsOfAnotherChatEndpointAreExtra() {
        JsonNode problem = only(problems("{\"messages\":[],\"model_config_id\":\"config_x\",\"model_config\":{\"model\":\"m\",\"provider\":\"mock\"}}"));
        assertThat(loc(problem)).isEqualTo("[\"body\",\"model_config_id\"]");
        assertThat(problem.get("type").asText()).isEqualTo("value_error.extra");
    }

    @Test
    void placeholdersWithoutInputsAreNamed() {
        List<JsonNode> missing = problems("""
                {"messages":[{"role":"user","content":"x"}],"inputs":{"given":"yes"},
                 "model_config":{"model":"m","provider":"mock","chat_template":[{"role":"system","content":"{{given}} {{ city }} {{country}}"}]}}""");
        assertThat(missing.stream().map(ChatValidationTest::loc))
                .containsExactly("[\"body\",\"inputs\",\"city\"]", "[\"body\",\"inputs\",\"country\"]");
        assertThat(missing.getFirst().get("msg").asText()).contains("{{city}}");
    }

    @Test
    void unparseableJson() {
        JsonNode problem = only(problems("{\"messages\": [}"));
        assertThat(problem.get("type").asText()).isEqualTo("value_error.jsondecode");
        assertThat(problem.get("loc").get(1).isNumber()).isTrue();
        assertThat(problem.get("msg").asText()).startsWith("Invalid JSON").doesNotContain("Source").doesNotContain("REDACTED");
        assertThat(only(problems("not json at all")).get("type").asText()).isEqualTo("value_error.jsondecode");
    }

    @Test
    void anEmptyBodyOrANonObjectBody() {
        assertThat(loc(only(problems("")))).isEqualTo("[\"body\"]");
        JsonNode array = only(problems("[1,2]"));
        assertThat(loc(array)).isEqualTo("[\"body\"]");
        assertThat(array.get("type").asText()).isEqualTo("type_error.dict");
    }

    @Test
    void rangesAndExclusiveFields() {
        assertThat(only(problems("{\"messages\":[],\"num_samples\":0,\"model_config\":{\"model\":\"m\",\"provider\":\"mock\"}}"))
                .get("type").asText()).isEqualTo("value_error.number.not_ge");
        assertThat(only(problems("{\"messages\":[],\"num_samples\":1000,\"model_config\":{\"model\":\"m\",\"provider\":\"mock\"}}"))
                .get("type").asText()).isEqualTo("value_error.number.not_le");
        assertThat(loc(only(problems("{\"messages\":[],\"model_config\":{\"model\":\"m\",\"provider\":\"mock\",\"max_tokens\":0}}"))))
                .isEqualTo("[\"body\",\"model_config\",\"max_tokens\"]");
        assertThat(loc(only(problems("{\"messages\":[],\"session_id\":\"sesh_a\",\"session_reference_id\":\"b\",\"model_config\":{\"model\":\"m\",\"provider\":\"mock\"}}"))))
                .isEqualTo("[\"body\",\"session_reference_id\"]");
        assertThat(loc(only(problems("{\"messages\":[],\"parent_id\":\"data_a\",\"parent_reference_id\":\"b\",\"model_config\":{\"model\":\"m\",\"provider\":\"mock\"}}"))))
                .isEqualTo("[\"body\",\"parent_reference_id\"]");
    }

    @Test
    void aToolChoiceMustNameAToolOfTheConfig() {
        JsonNode problem = only(problems("""
                {"messages":[],"tool_choice":{"type":"function","function":{"name":"nope"}},
                 "model_config":{"model":"m","provider":"mock","tools":[{"name":"yes"}]}}"""));
        assertThat(loc(problem)).isEqualTo("[\"body\",\"tool_choice\"]");
        assertThat(problem.get("msg").asText()).contains("nope");
        JsonNode toolWithoutName = only(problems("{\"messages\":[],\"model_config\":{\"model\":\"m\",\"provider\":\"mock\",\"tools\":[{\"description\":\"d\"}]}}"));
        assertThat(loc(toolWithoutName)).isEqualTo("[\"body\",\"model_config\",\"tools\",0,\"name\"]");
    }

    @Test
    void aProviderOpenLoopCannotCallIsRefusedByName() {
        JsonNode problem = only(problems("{\"messages\":[],\"model_config\":{\"model\":\"m\",\"provider\":\"replicate\"}}"));
        assertThat(loc(problem)).isEqualTo("[\"body\",\"model_config\",\"provider\"]");
        assertThat(problem.get("msg").asText()).contains("replicate");
    }

    @Test
    void badMockSettingsAreRefusedBeforeAnyCall() {
        JsonNode problem = only(problems("{\"messages\":[],\"model_config\":{\"model\":\"m\",\"provider\":\"mock\",\"other\":{\"mock_latency_ms\":\"slow\"}}}"));
        assertThat(loc(problem)).isEqualTo("[\"body\",\"model_config\",\"other\",\"mock_latency_ms\"]");
    }

    @Test
    void malformedToolCallsInMessages() {
        List<JsonNode> all = problems("""
                {"messages":[{"role":"assistant","tool_calls":[{"type":"rpc","function":{}}]}],
                 "model_config":{"model":"m","provider":"mock"}}""");
        assertThat(all.stream().map(ChatValidationTest::loc)).contains(
                "[\"body\",\"messages\",0,\"tool_calls\",0,\"id\"]",
                "[\"body\",\"messages\",0,\"tool_calls\",0,\"type\"]",
                "[\"body\",\"messages\",0,\"tool_calls\",0,\"function\",\"name\"]");
    }

    private static final String MOCK = "\"model_config\":{\"model\":\"m\",\"provider\":\"mock\"}";

    /** A valid body around {@code fields}: one user message and the mock config unless they say otherwise. */
    private static String chat(String fields) {
        List<String> parts = new ArrayList<>();
        if (!fields.isEmpty()) {
            parts.add(fields);
        }
        if (!fields.contains("\"messages\"")) {
            parts.add("\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]");
        }
        if (!fields.contains("\"model_config\"")) {
            parts.add(MOCK);
        }
        return "{" + String.join(",", parts) + "}";
    }

    @Test
    void aNullListItemIsRefusedWhereItStands() {
        String stop = "\"model_config\":{\"model\":\"m\",\"provider\":\"mock\",\"stop\":[\"x\",null]}";
        assertThat(only(problems(chat(stop))).toString()).isEqualTo(
                "{\"loc\":[\"body\",\"model_config\",\"stop\",1],\"msg\":\"none is not an allowed value\","
                        + "\"type\":\"type_error.none.not_allowed\"}");
        assertThat(loc(only(problems(chat("\"messages\":[null]"))))).isEqualTo("[\"body\",\"messages\",0]");
        assertThat(loc(only(problems(chat("\"model_config\":{\"model\":\"m\",\"provider\":\"mock\",\"tools\":[null]}")))))
                .isEqualTo("[\"body\",\"model_config\",\"tools\",0]");
        assertThat(loc(only(problems(chat("\"model_config\":{\"model\":\"m\",\"provider\":\"mock\",\"chat_template\":[null]}")))))
                .isEqualTo("[\"body\",\"model_config\",\"chat_template\",0]");
        assertThat(loc(only(problems(chat("\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},null]}]")))))
                .isEqualTo("[\"body\",\"messages\",0,\"content\",1]");
        assertThat(loc(only(problems(chat("\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[null]}]")))))
                .isEqualTo("[\"body\",\"messages\",0,\"tool_calls\",0]");
        List<JsonNode> several = problems(chat("\"messages\":[null,{\"role\":\"user\",\"content\":\"x\"},null],\"num_samples\":0"));
        assertThat(several.stream().map(ChatValidationTest::loc))
                .containsExactly("[\"body\",\"messages\",0]", "[\"body\",\"messages\",2]", "[\"body\",\"num_samples\"]");
    }

    @Test
    void nullFieldsAndNullsInsideFreeFormValuesAreAccepted() {
        HttpResponse<String> response = server.post("/v4/chat", chat("""
                "project":null,"tool_choice":null,"metadata":{"note":null,"list":[null,1]},                "model_config":{"model":"m","provider":"mock","stop":null,"other":{"extra":[null]}}"""));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void enumsAreReadFromTheirNamesNotFromNumbers() {
        List<JsonNode> all = problems(chat("""
                "messages":[{"role":1,"content":"x"}],                "model_config":{"model":"m","provider":3,"endpoint":0},"response_format":{"type":0}"""));
        assertThat(all.stream().map(ChatValidationTest::loc)).containsExactly(
                "[\"body\",\"messages\",0,\"role\"]",
                "[\"body\",\"model_config\",\"provider\"]",
                "[\"body\",\"model_config\",\"endpoint\"]",
                "[\"body\",\"response_format\",\"type\"]");
        assertThat(all).allSatisfy(problem -> assertThat(problem.get("type").asText()).isEqualTo("type_error.enum"));
        assertThat(all.getFirst().get("msg").asText()).contains("'user'");
    }

    @Test
    void anythingAfterTheBodyIsAJsonDecodeError() {
        String body = chat("");
        JsonNode second = only(problems(body + "{}"));
        assertThat(second.get("type").asText()).isEqualTo("value_error.jsondecode");
        assertThat(second.get("loc").get(1).asInt()).as("where the extra data starts").isEqualTo(body.length());
        assertThat(second.get("msg").asText()).startsWith("Invalid JSON: Extra data");
        JsonNode garbage = only(problems(body + " xyz"));
        assertThat(garbage.get("type").asText()).isEqualTo("value_error.jsondecode");
        assertThat(garbage.get("loc").get(1).asInt()).isEqualTo(body.length() + 1);
        JsonNode afterAccent = only(problems("{\"project\":\"caf\u00e9\"} !"));
        assertThat(afterAccent.get("loc").get(1).asInt()).as("counted in characters, not bytes").isEqualTo(19);
        assertThat(afterAccent.get("msg").asText()).endsWith("(line 1 column 20)");
    }

    @Test
    void unknownKeysInsideTheStrictSchemasAreIgnoredWhereV4LeavesThemOpen() {
        HttpResponse<String> response = server.post("/v4/chat", """
                {"messages":[{"role":"user","content":[{"type":"text","text":"hi","cache_control":{"type":"x"}},
                              {"type":"image_url","image_url":{"url":"https://example.com/a.png","format":"png"}}]},
                             {"role":"assistant","content":"ok","refusal":null,"annotations":[]},
                             {"role":"user","content":"again"}],
                 "provider_api_keys":{"mock":"k","bogus":"secret-looking"},
                 "tool_choice":{"type":"function","function":{"name":"f","strict":true},"note":1},
                 "response_format":{"type":"json_object","schema":{}},
                 "model_config":{"model":"m","provider":"mock","tools":[{"name":"f","parameters":{},"strict":true}]}}""");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).as("unknown keys are dropped, not passed on").doesNotContain("refusal", "annotations",
                "cache_control", "bogus", "secret-looking", "strict");
    }

    @Test
    void toolChoiceProblemsArePlacedInsideIt() {
        assertThat(problems(chat("\"tool_choice\":{}")).stream().map(ChatValidationTest::loc))
                .containsExactly("[\"body\",\"tool_choice\",\"type\"]", "[\"body\",\"tool_choice\",\"function\"]");
        JsonNode missingName = only(problems(chat("\"tool_choice\":{\"type\":\"function\",\"function\":{}}")));
        assertThat(loc(missingName)).isEqualTo("[\"body\",\"tool_choice\",\"function\",\"name\"]");
        assertThat(missingName.get("type").asText()).isEqualTo("value_error.missing");
        List<JsonNode> wrong = problems(chat("\"tool_choice\":{\"type\":\"tool\",\"function\":{\"name\":7}}"));
        assertThat(wrong.stream().map(ChatValidationTest::loc))
                .containsExactly("[\"body\",\"tool_choice\",\"type\"]", "[\"body\",\"tool_choice\",\"function\",\"name\"]");
        assertThat(wrong.get(0).get("msg").asText()).contains("'function'");
        assertThat(wrong.get(1).get("type").asText()).isEqualTo("type_error.str");
        assertThat(loc(only(problems(chat("\"tool_choice\":{\"type\":\"function\",\"function\":\"f\"}")))))
                .isEqualTo("[\"body\",\"tool_choice\",\"function\"]");
        JsonNode notAChoice = only(problems(chat("\"tool_choice\":42")));
        assertThat(loc(notAChoice)).isEqualTo("[\"body\",\"tool_choice\"]");
        assertThat(notAChoice.get("msg").asText()).contains("'none'", "'auto'", "'required'", "\"function\"");

        JsonNode newSpellingInLegacy = only(problems(chat("\"tool_call\":{\"type\":\"function\",\"function\":{}}")));
        assertThat(loc(newSpellingInLegacy)).as("a tool_call object reads the tool_choice spelling too")
                .isEqualTo("[\"body\",\"tool_call\",\"function\",\"name\"]");
        assertThat(loc(only(problems(chat("\"tool_call\":{}"))))).as("told in tool_call's own spelling")
                .isEqualTo("[\"body\",\"tool_call\",\"name\"]");
        assertThat(loc(only(problems(chat("\"tool_call\":{\"name\":null}"))))).isEqualTo("[\"body\",\"tool_call\",\"name\"]");
        JsonNode legacyMode = only(problems(chat("\"tool_call\":\"sometimes\"")));
        assertThat(legacyMode.get("type").asText()).isEqualTo("type_error.enum");
        assertThat(legacyMode.get("msg").asText()).contains("'none'", "'auto'", "'required'", "{\"name\": ...}");
    }

    @Test
    void aJsonBodyIsReadWhateverItsContentType() {
        for (String contentType : List.of("text/plain", "application/x-www-form-urlencoded")) {
            HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/v4/chat"))
                    .header("X-API-KEY", TestServer.API_KEY)
                    .header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(chat("")))
                    .build());
            assertThat(response.statusCode()).as(contentType + ": " + response.body()).isEqualTo(200);
        }
    }
}
