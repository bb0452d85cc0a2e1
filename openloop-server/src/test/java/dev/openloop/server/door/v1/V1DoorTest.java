package dev.openloop.server.door.v1;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code /v1} door over plain HTTP: its keys, the {@code OpenLoop-*} headers and how they are
 * logged, {@code /v1/models}, and every bad input answered with a clear 4xx in OpenAI's shape.
 */
class V1DoorTest {
    private static final String HELLO = "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                // body, status, param, code
                Arguments.of("", 400, null, null),
                Arguments.of("{\"model\":", 400, null, null),
                Arguments.of("[1,2]", 400, null, null),
                Arguments.of("{" + HELLO + "}", 400, "model", null),
                Arguments.of("{\"model\":\"mock/m\"}", 400, "messages", null),
                Arguments.of("{\"model\":\"mock/m\",\"messages\":[]}", 400, "messages", null),
                Arguments.of("{\"model\":\"mock/m\",\"messages\":[{\"content\":\"Hi\"}]}", 400, "messages[0].role", null),
                Arguments.of("{\"model\":\"mock/m\",\"messages\":[{\"role\":\"robot\",\"content\":\"Hi\"}]}", 400,
                        "messages[0].role", "invalid_value"),
                Arguments.of("{\"model\":\"mock/m\",\"messages\":[{\"role\":\"user\",\"content\":7}]}", 400,
                        "messages[0].content", "invalid_type"),
                Arguments.of("{\"model\":\"mock/m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\"}]}]}",
                        400, "messages[0].content[0].type", "unsupported_value"),
                Arguments.of("{\"model\":\"mock/m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}", 400,
                        "messages[0].tool_call_id", null),
                Arguments.of("{\"model\":\"mock/m\"," + HELLO + ",\"temperature\":\"hot\"}", 400, "temperature", "invalid_type"),
                Arguments.of("{\"model\":\"mock/m\"," + HELLO + ",\"n\":0}", 400, "n", null),
                Arguments.of("{\"model\":\"mock/m\"," + HELLO + ",\"n\":1000}", 400, "n", null),
                Arguments.of("{\"model\":\"mock/m\"," + HELLO + ",\"max_tokens\":0}", 400, "max_tokens", "integer_below_min_value"),
                Arguments.of("{\"model\":\"mock/m\"," + HELLO + ",\"max_tokens\":5,\"max_completion_tokens\":6}", 400,
                        "max_tokens", null),
                Arguments.of("{\"model\":\"mock/m\"," + HELLO + ",\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}", 400, "stop", null),
                Arguments.of("{\"model\":\"mock/m\"," + HELLO + ",\"logprobs\":true}", 400, "logprobs", "unsupported_parameter"),
                Arguments.of("{\"model\":\"mock/m\"," + HELLO + ",\"frobnicate\":1}", 400, "frobnicate", "unknown_parameter"),
                Arguments.of("{\"model\":\"mock/m\"," + HELLO + ",\"functions\":[]}", 400, "functions", "unknown_parameter"),
                Arguments.of("{\"model\":\"mock/m\"," + HELLO + ",\"stream_options\":{\"include_usage\":true}}", 400,
                        "stream_options", null),
                Arguments.of("{\"model\":\"mock/m\"," + HELLO + ",\"tool_choice\":\"sometimes\"}", 400, "tool_choice", "invalid_value"),
                Arguments.of("{\"model\":\"mock/m\"," + HELLO + ",\"tools\":[{\"type\":\"custom\"}]}", 400, "tools[0].type",
                        "unsupported_value"),
                Arguments.of("{\"model\":\"mock/m\"," + HELLO + ",\"response_format\":{\"type\":\"yaml\"}}", 400,
                        "response_format.type", "invalid_value"),
                Arguments.of("{\"model\":\"mock/m\"," + HELLO + ",\"metadata\":{\"k\":1}}", 400, "metadata.k", "invalid_type"),
                Arguments.of("{\"model\":\"mock/m\",\"messages\":[{\"role\":\"user\",\"content\":\"nul \\u0000 here\"}]}", 400,
                        "messages[0].content", null),
                Arguments.of("{\"model\":\"anthropic/\"," + HELLO + "}", 404, "model", "model_not_found"),
                Arguments.of("{\"model\":\"config_doesnotexist\"," + HELLO + "}", 404, "model", "model_not_found"),
                Arguments.of("{\"model\":\"nobody@production\"," + HELLO + "}", 404, "model", "model_not_found"),
                Arguments.of("{\"model\":\"nobody@\"," + HELLO + "}", 404, "model", "model_not_found"));
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void aBadRequestIsAClear4xxInOpenAisShape(String body, int status, String param, String code) {
        HttpResponse<String> response = V1ExperimentScenarioTest.completion(server, body);

        JsonNode error = expect(response, status).get("error");
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").isNull() ? null : error.get("param").asText()).isEqualTo(param);
        if (code != null) {
            assertThat(error.get("code").asText()).isEqualTo(code);
        }
    }

    @Test
    void withoutAKnownKeyTheAnswerIsA401() {
        HttpResponse<String> none = server.send(post("/v1/chat/completions", "{}", Map.of()));
        HttpResponse<String> wrong = server.send(post("/v1/chat/completions", "{}", Map.of("Authorization", "Bearer wrong")));
        HttpResponse<String> models = server.send(HttpRequest.newBuilder(server.uri("/v1/models")).GET().build());

        for (HttpResponse<String> response : List.of(none, wrong, models)) {
            JsonNode error = expect(response, 401).get("error");
            assertThat(error.get("code").asText()).isEqualTo("invalid_api_key");
        }
    }

    @Test
    void aQueryThatCannotBeKeptIsRefusedInOpenAisShape() {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/v1/models?name=%ff"))
                .header("Authorization", "Bearer " + TestServer.API_KEY).GET().build());
        JsonNode error = expect(response, 400).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asText()).contains("not UTF-8");
    }

    @Test
    void theV4KeyHeaderIsTakenToo() {
        JsonNode answer = expect(server.send(post("/v1/chat/completions", "{\"model\":\"mock/m\"," + HELLO + "}",
                Map.of("X-API-KEY", TestServer.API_KEY))), 200);
        assertThat(answer.get("object").asText()).isEqualTo("chat.completion");
    }

    @Test
    void openLoopHeadersPlaceAndLabelTheLogs() {
        HttpResponse<String> response = server.send(post("/v1/chat/completions",
                "{\"model\":\"mock/m\"," + HELLO + ",\"metadata\":{\"from\":\"body\"}}", Map.of(
                        "Authorization", "Bearer " + TestServer.API_KEY,
                        "OpenLoop-Project", "headed",
                        "OpenLoop-Session-Reference-Id", "conversation-1",
                        "OpenLoop-Metadata", "{\"team\":\"search\",\"from\":\"header\"}")));
        String id = expect(response, 200).get("id").asText();

        JsonNode log = expect(server.get("/v4/logs/" + id), 200);
        JsonNode project = expect(server.get("/v4/projects/" + log.get("project_id").asText()), 200);
        assertThat(project.get("name").asText()).isEqualTo("headed");
        assertThat(log.get("session_id").asText()).startsWith("sesh_");
        assertThat(log.get("metadata").get("team").asText()).isEqualTo("search");
        assertThat(log.get("metadata").get("from").asText()).isEqualTo("body");

        String child = expect(server.send(post("/v1/chat/completions", "{\"model\":\"mock/m\"," + HELLO + "}", Map.of(
                "Authorization", "Bearer " + TestServer.API_KEY,
                "OpenLoop-Project", "headed",
                "OpenLoop-Session-Reference-Id", "conversation-1",
                "OpenLoop-Parent-Id", id))), 200).get("id").asText();
        JsonNode childLog = expect(server.get("/v4/logs/" + child), 200);
        assertThat(childLog.get("parent_id").asText()).isEqualTo(id);
        assertThat(childLog.get("session_id").asText()).isEqualTo(log.get("session_id").asText());
    }

    @Test
    void aCallWithoutAProjectHeaderIsLoggedToTheDefaultProject() {
        String id = expect(V1ExperimentScenarioTest.completion(server, "{\"model\":\"mock/m\"," + HELLO + "}"), 200)
                .get("id").asText();
        String projectId = expect(server.get("/v4/logs/" + id), 200).get("project_id").asText();
        assertThat(expect(server.get("/v4/projects/" + projectId), 200).get("name").asText()).isEqualTo(CompletionCalls.DEFAULT_PROJECT);
    }

    @Test
    void saveFalseKeepsTheLogWithoutItsTexts() {
        String id = expect(server.send(post("/v1/chat/completions", "{\"model\":\"mock/m\"," + HELLO + "}", Map.of(
                "Authorization", "Bearer " + TestServer.API_KEY, "OpenLoop-Save", "false"))), 200).get("id").asText();
        JsonNode log = expect(server.get("/v4/logs/" + id), 200);
        assertThat(log.get("output").isNull()).as("output of %s", log).isTrue();
        assertThat(log.get("messages").isNull() || log.get("messages").isEmpty()).as("messages of %s", log).isTrue();
    }

    @Test
    void badHeadersAreRefusedNamingThem() {
        for (Map.Entry<String, String> header : List.of(Map.entry("OpenLoop-Metadata", "[1]"),
                Map.entry("OpenLoop-Metadata", "{not json"), Map.entry("OpenLoop-Save", "maybe"))) {
            JsonNode error = expect(server.send(post("/v1/chat/completions", "{\"model\":\"mock/m\"," + HELLO + "}", Map.of(
                    "Authorization", "Bearer " + TestServer.API_KEY, header.getKey(), header.getValue()))), 400).get("error");
            assertThat(error.get("param").asText()).isEqualTo(header.getKey());
        }
        JsonNode unknownParent = expect(server.send(post("/v1/chat/completions", "{\"model\":\"mock/m\"," + HELLO + "}", Map.of(
                "Authorization", "Bearer " + TestServer.API_KEY, "OpenLoop-Parent-Id", "data_nosuchlog"))), 404).get("error");
        assertThat(unknownParent.get("param").asText()).isEqualTo("OpenLoop-Parent-Id");
    }

    @Test
    void modelsListsEveryDeploymentByTheNamesThatAddressIt() {
        String projectId = expect(server.post("/v4/projects", "{\"name\":\"listed\"}"), 201).get("id").asText();
        String config = expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"m\"}"), 200).get("config").get("id").asText();
        String staging = expect(server.post("/v4/environments", "{\"name\":\"staging\"}"), 201).get("id").asText();
        expect(server.patch("/v4/projects/" + projectId + "/deploy-config", "{\"config_id\":\"" + config
                + "\",\"environments\":[{\"id\":\"" + production() + "\"},{\"id\":\"" + staging + "\"}]}"), 200);

        JsonNode list = expect(server.send(HttpRequest.newBuilder(server.uri("/v1/models"))
                .header("Authorization", "Bearer " + TestServer.API_KEY).GET().build()), 200);

        assertThat(list.get("object").asText()).isEqualTo("list");
        List<String> ids = new ArrayList<>();
        list.get("data").forEach(model -> ids.add(model.get("id").asText()));
        assertThat(ids).contains("listed", "listed@production", "listed@staging").doesNotContain("listed@nowhere");
        for (String model : List.of("listed", "listed@staging", config)) {
            expect(V1ExperimentScenarioTest.completion(server, "{\"model\":\"" + model + "\"," + HELLO + "}"), 200);
        }
    }

    @Test
    void aCallsSamplingOverridesADeployedConfigsForTheProviderCallOnly() {
        String projectId = expect(server.post("/v4/projects", "{\"name\":\"sampled\"}"), 201).get("id").asText();
        String config = expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"m\"}"), 200).get("config").get("id").asText();
        expect(server.patch("/v4/projects/" + projectId + "/deploy-config", "{\"config_id\":\"" + config
                + "\",\"environments\":[{\"id\":\"" + production() + "\"}]}"), 200);

        JsonNode whole = expect(V1ExperimentScenarioTest.completion(server, "{\"model\":\"sampled\"," + HELLO + "}"), 200);
        JsonNode cut = expect(V1ExperimentScenarioTest.completion(server, "{\"model\":\"sampled\"," + HELLO
                + ",\"max_tokens\":2,\"temperature\":0.2}"), 200);

        assertThat(whole.get("choices").get(0).get("finish_reason").asText()).isEqualTo("stop");
        assertThat(cut.get("choices").get(0).get("message").get("content").asText()).isEqualTo("Mock response");
        assertThat(cut.get("choices").get(0).get("finish_reason").asText()).isEqualTo("length");
        assertThat(expect(server.get("/v4/logs/" + cut.get("id").asText()), 200).get("config_id").asText()).isEqualTo(config);

        JsonNode outOfRange = expect(V1ExperimentScenarioTest.completion(server, "{\"model\":\"sampled\"," + HELLO
                + ",\"temperature\":3}"), 400).get("error");
        assertThat(outOfRange.get("param").asText()).isEqualTo("temperature");
        JsonNode parallel = expect(V1ExperimentScenarioTest.completion(server,
                "{\"model\":\"sampled\"," + HELLO + ",\"parallel_tool_calls\":false}"), 400).get("error");
        assertThat(parallel.get("param").asText()).isEqualTo("parallel_tool_calls");
    }

    @Test
    void aCallsToolsAndJsonSchemaGoWithADeployedConfigsProviderCallAndTheLogKeepsTheConfig() {
        String projectId = expect(server.post("/v4/projects", "{\"name\":\"tooled\"}"), 201).get("id").asText();
        String config = expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"m\"}"), 200).get("config").get("id").asText();
        expect(server.patch("/v4/projects/" + projectId + "/deploy-config", "{\"config_id\":\"" + config
                + "\",\"environments\":[{\"id\":\"" + production() + "\"}]}"), 200);

        JsonNode called = expect(V1ExperimentScenarioTest.completion(server, "{\"model\":\"tooled\"," + HELLO
                + ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}],"
                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}}"), 200);
        JsonNode choice = called.get("choices").get(0);
        assertThat(choice.get("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.get("message").get("tool_calls").get(0).get("function").get("name").asText()).isEqualTo("get_weather");
        JsonNode log = expect(server.get("/v4/logs/" + called.get("id").asText()), 200);
        assertThat(log.get("config_id").asText()).as("the deployed config is logged and credited, not a new one").isEqualTo(config);

        JsonNode unknownTool = expect(V1ExperimentScenarioTest.completion(server, "{\"model\":\"tooled\"," + HELLO
                + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}}"), 400).get("error");
        assertThat(unknownTool.get("param").asText()).isEqualTo("tool_choice");

        JsonNode shaped = expect(V1ExperimentScenarioTest.completion(server, "{\"model\":\"tooled\"," + HELLO
                + ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"answer\",\"schema\":"
                + "{\"type\":\"object\",\"properties\":{\"ok\":{\"type\":\"boolean\"}},\"required\":[\"ok\"]}}}}"), 200);
        JsonNode content = TestServer.json(shaped.get("choices").get(0).get("message").get("content").asText());
        assertThat(content.get("ok").isBoolean()).as("an answer that fits the call's schema: %s", content).isTrue();
        assertThat(expect(server.get("/v4/logs/" + shaped.get("id").asText()), 200).get("config_id").asText()).isEqualTo(config);
    }

    @Test
    void aProviderFailureKeepsItsStatusWithTheProviderInCode() {
        String projectId = expect(server.post("/v4/projects", "{\"name\":\"failing\"}"), 201).get("id").asText();
        String limited = expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"m\",\"other\":{\"mock_error_status\":429,"
                + "\"mock_error_retry_after\":7}}"), 200).get("config").get("id").asText();
        String broken = expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"m\",\"other\":{\"mock_error_status\":500}}"), 200)
                .get("config").get("id").asText();

        HttpResponse<String> rateLimited = V1ExperimentScenarioTest.completion(server, "{\"model\":\"" + limited + "\"," + HELLO + "}");
        JsonNode error = expect(rateLimited, 429).get("error");
        assertThat(rateLimited.headers().firstValue("Retry-After")).contains("7");
        assertThat(error.get("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.get("code").asText()).isNotBlank();

        JsonNode fault = expect(V1ExperimentScenarioTest.completion(server, "{\"model\":\"" + broken + "\"," + HELLO + "}"), 502)
                .get("error");
        assertThat(fault.get("type").asText()).isEqualTo("server_error");
        assertThat(fault.get("code").asText()).isEqualTo(error.get("code").asText());
    }

    @Test
    void aStreamThatFailsEndsWithAnErrorChunkAndNoDone() {
        String projectId = expect(server.post("/v4/projects", "{\"name\":\"cut\"}"), 201).get("id").asText();
        String cut = expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"m\",\"other\":{\"mock_fail_after_deltas\":2}}"), 200)
                .get("config").get("id").asText();

        HttpResponse<String> response = V1ExperimentScenarioTest.completion(server, "{\"model\":\"" + cut + "\"," + HELLO
                + ",\"stream\":true}");

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> data = response.body().lines().filter(line -> line.startsWith("data: "))
                .map(line -> line.substring("data: ".length())).toList();
        assertThat(data).isNotEmpty().doesNotContain("[DONE]");
        JsonNode last = TestServer.json(data.getLast());
        assertThat(last.get("error").get("message").asText()).isNotBlank();
        assertThat(TestServer.json(data.getFirst()).get("object").asText()).isEqualTo("chat.completion.chunk");
    }

    @Test
    void aStreamEndsWithDoneAndNamesItsLogs() {
        HttpResponse<String> response = V1ExperimentScenarioTest.completion(server, "{\"model\":\"mock/m\"," + HELLO
                + ",\"stream\":true,\"n\":2}");

        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        List<String> logIds = List.of(response.headers().firstValue(Completions.LOG_IDS_HEADER).orElseThrow().split(","));
        assertThat(logIds).hasSize(2);
        List<String> data = response.body().lines().filter(line -> line.startsWith("data: "))
                .map(line -> line.substring("data: ".length())).toList();
        assertThat(data.getLast()).isEqualTo("[DONE]");
        assertThat(TestServer.json(data.getFirst()).get("id").asText()).isEqualTo(logIds.getFirst());
    }

    @Test
    void whatTheDoorDoesNotServeIsAnsweredInItsShape() {
        JsonNode unknown = expect(server.send(post("/v1/embeddings", "{}", Map.of("Authorization", "Bearer " + TestServer.API_KEY))),
                404).get("error");
        assertThat(unknown.get("code").asText()).isEqualTo("unknown_url");
        HttpResponse<String> wrongMethod = server.send(HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + TestServer.API_KEY).GET().build());
        assertThat(expect(wrongMethod, 405).get("error").get("message").asText()).contains("POST");
    }

    @Test
    void aBodyOverTheNodesLimitIsA413InOpenAisShape() {
        try (TestServer small = TestServer.start(Map.of("OPENLOOP_MAX_BODY_BYTES", "2048"))) {
            String body = "{\"model\":\"mock/m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(4096) + "\"}]}";
            JsonNode error = expect(V1ExperimentScenarioTest.completion(small, body), 413).get("error");
            assertThat(error.get("message").asText()).contains("2048");
            assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
            assertThat(expect(small.post("/v4/chat", body), 413).get("detail").asText()).contains("2048");
        }
    }

    private static String production() {
        for (JsonNode environment : expect(server.get("/v4/environments"), 200)) {
            if (environment.get("name").asText().equals("production")) {
                return environment.get("id").asText();
            }
        }
        throw new AssertionError("no production environment");
    }

    private static HttpRequest post(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(server.uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(builder::header);
        return builder.build();
    }
}
