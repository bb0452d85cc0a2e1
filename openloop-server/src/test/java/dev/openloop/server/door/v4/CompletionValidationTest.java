package dev.openloop.server.door.v4;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every class of bad completion body is a 422 in v4's shape naming where the problem is, and
 * writes nothing: no log, no project, no config.
 */
class CompletionValidationTest {
    private static final String MOCK = "\"model_config\":{\"provider\":\"mock\",\"model\":\"m\",\"prompt_template\":\"Hi {{name}}\"}";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The one problem of a 422 to {@code path}, once nothing was written for it. */
    private static JsonNode problem(String path, String body) {
        int logsBefore = server.logCount();
        HttpResponse<String> response = server.post(path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(server.logCount()).as("nothing is logged for a refused body").isEqualTo(logsBefore);
        List<JsonNode> detail = new ArrayList<>();
        TestServer.json(response.body()).get("detail").forEach(detail::add);
        assertThat(detail).as(response.body()).hasSize(1);
        assertThat(detail.getFirst().get("msg").asText()).isNotBlank();
        return detail.getFirst();
    }

    private static void assertProblem(JsonNode problem, String loc, String type) {
        assertThat(problem.get("loc")).as("%s", problem).isEqualTo(TestServer.json(loc));
        assertThat(problem.get("type").asText()).as("%s", problem).isEqualTo(type);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /completion | {"inputs":{"name":"a"}} | ["body","model_config"] | value_error.missing
            /completion | {"model_config":{"provider":"mock","prompt_template":"Hi"}} | ["body","model_config","model"] | value_error.missing
            /completion | {"model_config":{"provider":"mock","model":"m"}} | ["body","model_config","prompt_template"] | value_error.missing
            /completion | {"model_config":{"provider":"mock","model":"m","prompt_template":"Hi","chat_template":[]}} | ["body","model_config","chat_template"] | value_error.extra
            /completion | {"model_config":{"provider":"mock","model":"m","prompt_template":"Hi","tools":[]}} | ["body","model_config","tools"] | value_error.extra
            /completion | {"model_config":{"provider":"mock","model":"m","prompt_template":"Hi","endpoint":"talk"}} | ["body","model_config","endpoint"] | type_error.enum
            /completion | {"model_config":{"provider":"mock","model":"m","prompt_template":"Hi","temperature":3}} | ["body","model_config","temperature"] | value_error.number.not_le
            /completion | {"model_config":{"provider":"mock","model":"m","prompt_template":"Hi"},"messages":[]} | ["body","messages"] | value_error.extra
            /completion | {"model_config":{"provider":"mock","model":"m","prompt_template":"Hi"},"model_config_id":"config_x"} | ["body","model_config_id"] | value_error.extra
            /completion | {"model_config":{"provider":"mock","model":"m","prompt_template":"Hi"},"num_samples":0} | ["body","num_samples"] | value_error.number.not_ge
            /completion | {"model_config":{"provider":"mock","model":"m","prompt_template":"Hi"},"num_samples":"2"} | ["body","num_samples"] | type_error.integer
            /completion | {"model_config":{"provider":"mock","model":"m","prompt_template":"Hi"},"logprobs":-1} | ["body","logprobs"] | value_error.number.not_ge
            /completion | {"model_config":{"provider":"mock","model":"m","prompt_template":"Hi"},"suffix":7} | ["body","suffix"] | type_error.str
            /completion | {"model_config":{"provider":"mock","model":"m","prompt_template":"Hi"},"session_id":"sesh_a","session_reference_id":"b"} | ["body","session_reference_id"] | value_error
            /completion | {"model_config":{"provider":"mock","model":"m","prompt_template":"Hi {{name}}"}} | ["body","inputs","name"] | value_error.missing
            /completion-model-config | {"inputs":{}} | ["body","model_config_id"] | value_error.missing
            /completion-experiment | {"inputs":{}} | ["body","experiment_id"] | value_error.missing
            /completion-deployed | {"project":"p","experiment_id":"exp_x"} | ["body","experiment_id"] | value_error.extra
            /completion-model-config | {"model_config_id":"config_x","environment":"production"} | ["body","environment"] | value_error.extra
            """)
    void aBadBodyIs422AtItsPlace(String path, String body, String loc, String type) {
        assertProblem(problem("/v4" + path.strip(), body.strip()), loc.strip(), type.strip());
    }

    @Test
    void unparseableJsonIs422() {
        assertProblem(problem("/v4/completion", "{\"model_config\":"), "[\"body\",16]", "value_error.jsondecode");
    }

    @Test
    void aRegisteredConfigWithoutAPromptTemplateCannotComplete() {
        String configId = expect(server.post("/v4/model-configs", """
                {"project":"chat-only","provider":"mock","model":"chatty","endpoint":"chat",
                 "chat_template":[{"role":"system","content":"Be brief."}]}"""), 200).get("config").get("id").asText();
        JsonNode problem = problem("/v4/completion-model-config", "{\"model_config_id\":\"" + configId + "\"}");
        assertProblem(problem, "[\"body\",\"model_config_id\"]", "value_error.missing");
        assertThat(problem.get("msg").asText()).contains("prompt_template").contains(configId);
    }

    @Test
    void unknownConfigsExperimentsAndProjectsAre404AndCreateNothing() {
        for (String[] call : new String[][] {
                {"/v4/completion-model-config", "{\"project\":\"never-made\",\"model_config_id\":\"config_missing\"}"},
                {"/v4/completion-experiment", "{\"experiment_id\":\"exp_missing\"}"},
                {"/v4/completion-deployed", "{\"project_id\":\"pr_missing\"}"}}) {
            HttpResponse<String> response = server.post(call[0], call[1]);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
            assertThat(TestServer.json(response.body()).get("detail").isTextual()).isTrue();
        }
        JsonNode projects = expect(server.get("/v4/projects?filter=never-made"), 200);
        assertThat(projects.get("total").asInt()).isZero();
    }

    @Test
    void aGoodBodyBesideThemIsServed() {
        HttpResponse<String> response = server.post("/v4/completion", "{\"inputs\":{\"name\":\"Ada\"}," + MOCK + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(TestServer.json(response.body()).get("data").get(0).get("output").asText()).isEqualTo("Mock response to: Hi Ada");
    }
}
