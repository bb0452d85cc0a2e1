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
 * the project that first used its config; {@code /chat} keeps its logs without one, still
 * readable by id.
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

    /**
     * Waits for the clock to tick, so that a link made next is younger than the last one (links
     * of the same millisecond are told apart by project id, which is random).
     */
    private static void nextMillisecond() {
        long now = System.currentTimeMillis();
        while (System.currentTimeMillis() == now) {
            Thread.onSpinWait();
        }
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
    void aConfigSeveralProjectsUseLogsToTheFirstUnlessAProjectIsNamed() {
        JsonNode first = register("first-user", "shared-model");
        String configId = first.get("config").get("id").asText();
        String firstId = first.get("project_id").asText();
        nextMillisecond();
        String second = register("second-user", "shared-model").get("project_id").asText();
        // The same parameters inline on /chat in a third project: someone else's traffic, which
        // must not change where this caller's logs go.
        JsonNode inline = expect(server.post("/v4/chat", "{\"project\":\"third-user\"," + MESSAGES
                + ",\"model_config\":{\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"shared-model\"}}"), 200);
        assertThat(inline.get("data").get(0).get("model_config_id").asText()).isEqualTo(configId);

        JsonNode answer = expect(server.post("/v4/chat-model-config", "{\"model_config_id\":\"" + configId + "\"," + MESSAGES + "}"), 200);
        assertThat(answer.get("project_id").asText()).isEqualTo(firstId);
        assertThat(logIdsOf(firstId)).contains(answer.get("data").get(0).get("id").asText());

        JsonNode named = expect(server.post("/v4/chat-model-config", "{\"model_config_id\":\"" + configId + "\",\"project_id\":\""
                + second + "\"," + MESSAGES + "}"), 200);
        assertThat(named.get("project_id").asText()).isEqualTo(second);
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
