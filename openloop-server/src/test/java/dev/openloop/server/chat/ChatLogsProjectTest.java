package dev.openloop.server.chat;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * Which project a chat's logs go to when the request names none: {@code /chat-model-config} uses
 * its config's project; {@code /chat} keeps its logs without one, still readable by id.
 */
class ChatLogsProjectTest extends EveryStoreSuite {
    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        server = TestServer.start(store);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    /** Registers a mock config with {@code model} to {@code project}; returns the registration. */
    private static JsonNode register(String project, String model) {
        return expect(server.post("/v4/model-configs", "{\"project\":\"" + project
                + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"" + model + "\"}"), 200);
    }

    private static List<String> logIdsOf(String projectId) {
        List<String> ids = new ArrayList<>();
        expect(server.get("/v4/logs?project_id=" + projectId + "&size=100"), 200).get("records")
                .forEach(log -> ids.add(log.get("id").asText()));
        return ids;
    }

    @Test
    void aRegisteredConfigOfOneProjectLogsToThatProject() {
        JsonNode registered = register("owner", "owned-model");
        String projectId = registered.get("project_id").asText();
        String configId = registered.get("config").get("id").asText();

        JsonNode answer = expect(server.post("/v4/chat-model-config", "{\"model_config_id\":\"" + configId + "\"," + MESSAGES + "}"), 200);
        String logId = answer.get("data").get(0).get("id").asText();
        assertThat(answer.get("project_id").asText()).isEqualTo(projectId);
        assertThat(expect(server.get("/v4/logs/" + logId), 200).get("project_id").asText()).isEqualTo(projectId);
        assertThat(logIdsOf(projectId)).contains(logId);
    }

    @Test
    void aConfigSeveralProjectsUseNeedsTheProjectNamed() {
        String configId = register("first-user", "shared-model").get("config").get("id").asText();
        String second = register("second-user", "shared-model").get("project_id").asText();
        int logsBefore = server.logCount();

        JsonNode refused = expect(server.post("/v4/chat-model-config", "{\"model_config_id\":\"" + configId + "\"," + MESSAGES + "}"), 422);
        JsonNode problem = refused.get("detail").get(0);
        assertThat(problem.get("loc").toString()).isEqualTo("[\"body\",\"project_id\"]");
        assertThat(problem.get("msg").asText()).contains("several projects", "project_id or project");
        assertThat(server.logCount()).isEqualTo(logsBefore);

        JsonNode answer = expect(server.post("/v4/chat-model-config", "{\"model_config_id\":\"" + configId + "\",\"project_id\":\""
                + second + "\"," + MESSAGES + "}"), 200);
        assertThat(answer.get("project_id").asText()).isEqualTo(second);
    }

    @Test
    void aConfigNoProjectUsesLogsWithoutAProject() {
        String configId = expect(server.post("/v4/chat", "{" + MESSAGES + ",\"model_config\":{\"provider\":\"mock\",\"model\":\"unowned\"}}"), 200)
                .get("data").get(0).get("model_config_id").asText();
        JsonNode answer = expect(server.post("/v4/chat-model-config", "{\"model_config_id\":\"" + configId + "\"," + MESSAGES + "}"), 200);
        assertThat(answer.get("project_id").isNull()).isTrue();
        JsonNode log = expect(server.get("/v4/logs/" + answer.get("data").get(0).get("id").asText()), 200);
        assertThat(log.get("project_id").isNull()).isTrue();
    }

    @Test
    void aChatWithoutAProjectAnswersWithoutOneAndItsLogIsReadableById() {
        JsonNode answer = expect(server.post("/v4/chat", "{" + MESSAGES + ",\"model_config\":{\"provider\":\"mock\",\"model\":\"m\"}}"), 200);
        assertThat(answer.get("project_id").isNull()).isTrue();
        String logId = answer.get("data").get(0).get("id").asText();
        JsonNode log = expect(server.get("/v4/logs/" + logId), 200);
        assertThat(log.get("id").asText()).isEqualTo(logId);
        assertThat(log.get("output").asText()).isEqualTo("Mock response to: hi");
    }
}
