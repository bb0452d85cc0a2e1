package dev.openloop.server.deployment;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.SseEvents;
import dev.openloop.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Environments, deployments, and {@code /v4/chat-deployed} (spec §10.2, §3). */
class DeploymentTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String project(String name) {
        return expect(server.post("/v4/projects", "{\"name\":\"" + name + "\"}"), 201).get("id").asText();
    }

    private static String config(String projectId, String model) {
        return expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"" + model + "\"}"), 200)
                .get("config").get("id").asText();
    }

    private static String environment(String name) {
        JsonNode created = expect(server.post("/v4/environments", "{\"name\":\"" + name + "\"}"), 201);
        assertThat(created.get("tag").asText()).isEqualTo("other");
        return created.get("id").asText();
    }

    @Test
    void aNewStoreHasProductionAsItsDefaultEnvironment() {
        JsonNode environments = expect(server.get("/v4/environments"), 200);
        assertThat(environments.get(0).get("name").asText()).isEqualTo("production");
        assertThat(environments.get(0).get("tag").asText()).isEqualTo("default");
        assertThat(environments.get(0).get("id").asText()).startsWith("env_");
        environment("qa-once");
        assertThat(server.post("/v4/environments", "{\"name\":\"qa-once\"}").statusCode()).isEqualTo(409);
        assertThat(server.post("/v4/environments", "{}").statusCode()).isEqualTo(422);
    }

    @Test
    void chatDeployedUsesWhatTheEnvironmentHasAndRecordsTheEnvironment() {
        String projectId = project("deployed");
        String staging = environment("staging");
        String production = config(projectId, "prod-model");
        String candidate = config(projectId, "candidate-model");
        JsonNode deployed = expect(server.patch("/v4/projects/" + projectId + "/deploy-config",
                "{\"config_id\":\"" + candidate + "\",\"environments\":[{\"id\":\"" + staging + "\"}]}"), 200);
        assertThat(deployed).hasSize(expect(server.get("/v4/environments"), 200).size());
        JsonNode stagingRow = find(deployed, "staging");
        assertThat(stagingRow.get("model_config_id").asText()).isEqualTo(candidate);
        assertThat(stagingRow.get("environment_tag").asText()).isEqualTo("other");
        assertThat(find(deployed, "production").get("model_config_id").asText()).as("the first registered").isEqualTo(production);

        JsonNode onDefault = expect(server.post("/v4/chat-deployed", "{\"project_id\":\"" + projectId + "\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}"), 200);
        assertThat(onDefault.get("data").get(0).get("model_config_id").asText()).isEqualTo(production);
        JsonNode onStaging = expect(server.post("/v4/chat-deployed", "{\"project\":\"deployed\",\"environment\":\"staging\",\"messages\":[{\"role\":\"user\",\"content\":\"b\"}]}"), 200);
        assertThat(onStaging.get("data").get(0).get("model_config_id").asText()).isEqualTo(candidate);
        JsonNode log = expect(server.get("/v4/logs/" + onStaging.get("data").get(0).get("id").asText()), 200);
        assertThat(log.get("environment").asText()).isEqualTo("staging");

        HttpStream streamed = new HttpStream(server.post("/v4/chat-deployed", "{\"project_id\":\"" + projectId + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"c\"}]}").body());
        assertThat(streamed.last().get("data").get(0).get("model_config_id").asText()).isEqualTo(production);
    }

    @Test
    void withNothingDeployedTheAnswerSaysSo() {
        String projectId = project("empty");
        JsonNode nothing = expect(server.post("/v4/chat-deployed", "{\"project_id\":\"" + projectId + "\",\"messages\":[]}"), 404);
        assertThat(nothing.get("detail").asText()).contains("nothing deployed", "production");
        JsonNode unknownEnvironment = expect(server.post("/v4/chat-deployed",
                "{\"project_id\":\"" + projectId + "\",\"environment\":\"mars\",\"messages\":[]}"), 404);
        assertThat(unknownEnvironment.get("detail").asText()).contains("mars");
        JsonNode noProject = expect(server.post("/v4/chat-deployed", "{\"messages\":[]}"), 422);
        assertThat(noProject.get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"project_id\"]");
        assertThat(server.get("/v4/projects/" + projectId + "/active-config").statusCode()).isEqualTo(404);
    }

    @Test
    void activeConfigCanBeReadSetAndRemoved() {
        String projectId = project("active");
        String first = config(projectId, "one");
        String second = config(projectId, "two");
        JsonNode active = expect(server.get("/v4/projects/" + projectId + "/active-config"), 200);
        assertThat(active.get("config").get("id").asText()).isEqualTo(first);
        assertThat(active.get("environment_id").asText()).startsWith("env_");
        assertThat(active.get("trial_id").isNull()).isTrue();

        JsonNode updated = expect(server.patch("/v4/projects/" + projectId, "{\"active_config_id\":\"" + second + "\"}"), 200);
        assertThat(updated.get("active_config").get("config").get("id").asText()).isEqualTo(second);

        JsonNode removed = expect(server.delete("/v4/projects/" + projectId + "/active-config"), 200);
        assertThat(removed.get("active_config").isNull()).isTrue();
        assertThat(expect(server.delete("/v4/projects/" + projectId + "/active-config"), 200).get("id").asText())
                .as("removing nothing is fine").isEqualTo(projectId);
        assertThat(server.get("/v4/projects/" + projectId + "/active-config?environment=unknown").statusCode()).isEqualTo(404);
    }

    @Test
    void aDeploymentIsRemovedByEnvironment() {
        String projectId = project("undeploy");
        String staging = environment("staging-2");
        String configId = config(projectId, "m");
        expect(server.patch("/v4/projects/" + projectId + "/deploy-config",
                "{\"projectId\":\"" + projectId + "\",\"config_id\":\"" + configId + "\",\"environments\":[{\"id\":\"" + staging + "\",\"name\":\"staging-2\"}]}"), 200);
        JsonNode after = expect(server.delete("/v4/projects/" + projectId + "/deployed-config/" + staging), 200);
        assertThat(find(after, "staging-2").get("model_config_id").isNull()).isTrue();
        assertThat(find(after, "production").get("model_config_id").asText()).isEqualTo(configId);
        assertThat(server.delete("/v4/projects/" + projectId + "/deployed-config/env_unknown").statusCode()).isEqualTo(404);
        assertThat(server.patch("/v4/projects/" + projectId + "/deploy-config", "{\"config_id\":\"" + configId
                + "\",\"environments\":[{\"id\":\"env_unknown\"}]}").statusCode()).isEqualTo(404);
        assertThat(expect(server.patch("/v4/projects/" + projectId + "/deploy-config", "{\"environments\":[]}"), 422)
                .get("detail").get(0).get("msg").asText()).contains("exactly one");
    }

    private static JsonNode find(JsonNode deployments, String environmentName) {
        for (JsonNode deployment : deployments) {
            if (deployment.get("environment_name").asText().equals(environmentName)) {
                return deployment;
            }
        }
        throw new AssertionError("no deployment row for " + environmentName + " in " + deployments);
    }

    /** The events of a streamed answer. */
    private record HttpStream(String body) {
        JsonNode last() {
            List<JsonNode> events = SseEvents.data(body);
            return events.getLast();
        }
    }
}
