package dev.openloop.server.chatlog;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The management answers carry every key of their v4.0.1 schema (null, or empty, where nothing
 * applies): the first v4 SDKs read answers as plain maps, where a missing key is an error. The key
 * lists are the schemas' properties, as the OpenAPI document lists them.
 */
class WireSchemaKeysTest {
    private static final List<String> LOG_RESPONSE = List.of("project", "project_id", "session_id", "session_reference_id",
            "parent_id", "parent_reference_id", "inputs", "source", "metadata", "save", "source_datapoint_id", "id",
            "reference_id", "trial_id", "messages", "output", "config_id", "config", "environment", "feedback", "created_at",
            "error", "duration", "output_message", "prompt_tokens", "output_tokens", "provider_request", "provider_response",
            "user", "provider_latency", "tokens", "raw_output", "finish_reason", "metric_values", "tools", "tool_choice",
            "evaluation_results", "observability_status", "updated_at");
    private static final List<String> PROJECT_CONFIG_RESPONSE = List.of("project_id", "project_name", "created_at", "updated_at",
            "last_used", "feedback_stats", "num_datapoints", "experiment_id", "evaluation_aggregates", "config");
    private static final List<String> GET_MODEL_CONFIG_RESPONSE = concat(PROJECT_CONFIG_RESPONSE, List.of("trial_id", "environment_id"));
    private static final List<String> PROJECT_RESPONSE = List.of("id", "name", "active_experiment", "active_config", "users",
            "data_count", "feedback_types", "team_id", "config_type", "active_evaluators", "directory_id", "created_at",
            "updated_at");
    private static final List<String> EXPERIMENT_RESPONSE = List.of("id", "project_id", "name", "status", "configs", "metric",
            "positive_labels", "created_at", "updated_at");
    private static final List<String> EXPERIMENT_CONFIG_RESPONSE = List.of("mean", "spread", "trials_count", "active", "id",
            "display_name", "config", "created_at", "updated_at");
    private static final List<String> SESSION_RESPONSE = List.of("id", "reference_id", "projects", "datapoints_count",
            "first_inputs", "last_output", "created_at", "updated_at");
    private static final List<String> ENVIRONMENT_PROJECT_CONFIG_RESPONSE = List.of("project_id", "project_name",
            "model_config_id", "model_config_name", "experiment_id", "experiment_name", "environment_id", "environment_name",
            "environment_tag");
    private static final List<String> CREATE_LOG_RESPONSE = List.of("id", "project_id", "session_id");
    private static final List<String> MODEL_CONFIG_RESPONSE = List.of("id", "other", "type", "name", "provider", "model",
            "max_tokens", "temperature", "top_p", "stop", "presence_penalty", "frequency_penalty", "seed", "response_format",
            "prompt_template", "chat_template", "tool_configs", "tools", "endpoint");
    private static final List<String> FEEDBACK_RESPONSE = List.of("type", "value", "data_id", "user", "created_at", "id");

    private static TestServer server;
    private static String projectId;
    private static String configId;
    private static String experimentId;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        projectId = expect(server.post("/v4/projects", "{\"name\":\"shapes\"}"), 201).get("id").asText();
        configId = expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"shaped\"}"), 200).get("config").get("id").asText();
        experimentId = expect(server.post("/v4/projects/" + projectId + "/experiments", "{\"name\":\"shaped\","
                + "\"positive_labels\":[{\"type\":\"rating\",\"value\":\"good\"}],\"config_ids\":[\"" + configId + "\"]}"), 200)
                .get("id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void assertKeys(JsonNode answer, List<String> keys) {
        List<String> present = new ArrayList<>();
        answer.fieldNames().forEachRemaining(present::add);
        assertThat(present).as("keys of %s", answer).containsAll(keys);
    }

    @Test
    void aLogCarriesEveryKeyWithTheNamesItRefersTo() {
        expect(server.post("/v4/logs", "{\"project_id\":\"" + projectId + "\",\"config_id\":\"" + configId
                + "\",\"reference_id\":\"the-parent\",\"output\":\"first\"}"), 200);
        JsonNode created = expect(server.post("/v4/logs", "{\"project_id\":\"" + projectId + "\",\"config_id\":\"" + configId
                + "\",\"session_reference_id\":\"the-session\",\"parent_reference_id\":\"the-parent\",\"output\":\"second\","
                + "\"feedback\":{\"type\":\"rating\",\"value\":\"good\"}}"), 200);
        assertKeys(created, CREATE_LOG_RESPONSE);
        JsonNode log = expect(server.get("/v4/logs/" + created.get("id").asText()), 200);
        assertKeys(log, LOG_RESPONSE);
        assertKeys(log.get("config"), MODEL_CONFIG_RESPONSE);
        assertThat(log.get("project").asText()).isEqualTo("shapes");
        assertThat(log.get("session_reference_id").asText()).isEqualTo("the-session");
        assertThat(log.get("parent_reference_id").asText()).isEqualTo("the-parent");
        assertThat(log.get("metric_values")).isEmpty();
        assertThat(log.get("tools")).isEmpty();
        assertKeys(log.get("feedback").get(0), FEEDBACK_RESPONSE);
        assertKeys(expect(server.get("/v4/logs?project_id=" + projectId), 200).get("records").get(0), LOG_RESPONSE);
        assertKeys(expect(server.get("/v4/sessions/" + log.get("session_id").asText()), 200), SESSION_RESPONSE);
    }

    @Test
    void projectsAndTheirConfigsCarryEveryKey() {
        JsonNode project = expect(server.get("/v4/projects/" + projectId), 200);
        assertKeys(project, PROJECT_RESPONSE);
        assertThat(project.get("active_evaluators")).isEmpty();
        assertKeys(project.get("active_config"), PROJECT_CONFIG_RESPONSE);
        assertKeys(expect(server.get("/v4/model-configs/" + configId), 200), MODEL_CONFIG_RESPONSE);
        JsonNode listed = expect(server.get("/v4/projects/" + projectId + "/configs"), 200).get(0);
        assertKeys(listed, PROJECT_CONFIG_RESPONSE);
        assertThat(listed.get("evaluation_aggregates")).isEmpty();
        assertThat(listed.get("feedback_stats").isNull()).as("not computed").isTrue();
        assertKeys(expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"provider\":\"mock\",\"model\":\"another\"}"), 200), PROJECT_CONFIG_RESPONSE);
        assertKeys(expect(server.get("/v4/projects/" + projectId + "/active-config"), 200), GET_MODEL_CONFIG_RESPONSE);
        assertKeys(expect(server.get("/v4/projects/" + projectId + "/deployed-configs"), 200).get(0),
                ENVIRONMENT_PROJECT_CONFIG_RESPONSE);
    }

    @Test
    void experimentsAndTheirDrawsCarryEveryKey() {
        JsonNode experiment = expect(server.get("/v4/projects/" + projectId + "/experiments"), 200).get(0);
        assertKeys(experiment, EXPERIMENT_RESPONSE);
        assertKeys(experiment.get("configs").get(0), EXPERIMENT_CONFIG_RESPONSE);
        assertKeys(expect(server.get("/v4/experiments/" + experimentId + "/model-config"), 200), GET_MODEL_CONFIG_RESPONSE);
    }

    @Test
    void aToolConfigIsRefusedSayingWhy() {
        JsonNode refused = expect(server.post("/v4/logs", "{\"project_id\":\"" + projectId
                + "\",\"config\":{\"type\":\"tool\",\"name\":\"calculator\",\"parameters\":{}},\"output\":\"4\"}"), 422);
        assertThat(refused.get("detail")).hasSize(1);
        assertThat(refused.get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"config\",\"type\"]");
        assertThat(refused.get("detail").get(0).get("msg").asText()).contains("tool configs", "not supported");
        JsonNode inArray = expect(server.post("/v4/logs", "[{\"project_id\":\"" + projectId + "\",\"config\":{\"model\":\"m\"}},"
                + "{\"project_id\":\"" + projectId + "\",\"config\":{\"name\":\"calculator\",\"type\":\"tool\"}}]"), 422);
        assertThat(inArray.get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",1,\"config\",\"type\"]");
        assertThat(expect(server.post("/v4/logs", "{\"project_id\":\"" + projectId + "\",\"config\":{\"type\":\"agent\",\"model\":\"m\"}}"),
                422).get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"config\",\"type\"]");

        // A model config may say so, and its own problems keep their places.
        expect(server.post("/v4/logs", "{\"project_id\":\"" + projectId + "\",\"config\":{\"type\":\"model\",\"model\":\"m\"}}"), 200);
        JsonNode wrongType = expect(server.post("/v4/logs", "{\"project_id\":\"" + projectId
                + "\",\"config\":{\"type\":\"model\",\"model\":\"m\",\"provider\":\"nobody\"}}"), 422);
        assertThat(wrongType.get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"config\",\"provider\"]");
    }

    @Test
    void embeddedFeedbackTakesNumbers() {
        JsonNode created = expect(server.post("/v4/logs", "{\"project_id\":\"" + projectId + "\",\"config_id\":\"" + configId
                + "\",\"feedback\":[{\"type\":\"score\",\"value\":4},{\"type\":\"rating\",\"value\":\"good\"}]}"), 200);
        JsonNode log = expect(server.get("/v4/logs/" + created.get("id").asText()), 200);
        assertThat(log.get("feedback")).extracting(f -> f.get("type").asText() + "=" + f.get("value").asText())
                .containsExactlyInAnyOrder("score=4", "rating=good");
        assertThat(expect(server.post("/v4/logs", "{\"project_id\":\"" + projectId + "\",\"config_id\":\"" + configId
                + "\",\"feedback\":{\"type\":\"rating\",\"value\":true}}"), 422).get("detail").get(0).get("loc").toString())
                .isEqualTo("[\"body\",\"feedback\",\"value\"]");
    }

    @Test
    void aNegativeDurationIsRefusedWhenLoggingAsWhenCorrecting() {
        JsonNode refused = expect(server.post("/v4/logs", "{\"project_id\":\"" + projectId + "\",\"config_id\":\"" + configId
                + "\",\"duration\":-1}"), 422);
        assertThat(refused.get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"duration\"]");
        String id = expect(server.post("/v4/logs", "{\"project_id\":\"" + projectId + "\",\"config_id\":\"" + configId
                + "\",\"duration\":0}"), 200).get("id").asText();
        assertThat(server.patch("/v4/logs/" + id, "{\"duration\":-1}").statusCode()).isEqualTo(422);
    }
}
