package dev.openloop.server.project;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * A refused management request changes nothing: what it names is looked up before anything is
 * written, and its writes share one transaction. No half-applied update, no project left behind.
 */
class RefusedRequestsTest extends EveryStoreSuite {
    private static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        server = TestServer.start(store);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    private static String project(String name) {
        return expect(server.post("/v4/projects", "{\"name\":\"" + name + "\"}"), 201).get("id").asText();
    }

    private static String register(String projectId, String model) {
        return expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"" + model + "\"}"), 200).get("config").get("id").asText();
    }

    private static String experiment(String projectId, String name, String configId) {
        return expect(server.post("/v4/projects/" + projectId + "/experiments", "{\"name\":\"" + name
                + "\",\"positive_labels\":[{\"type\":\"rating\",\"value\":\"good\"}],\"config_ids\":[\"" + configId + "\"]}"), 200)
                .get("id").asText();
    }

    @Test
    void aProjectUpdateNamingAnUnknownConfigOrExperimentChangesNothing() {
        String id = project("steady");
        String config = register(id, "steady-model");
        String otherProject = project("elsewhere");
        String foreignExperiment = experiment(otherProject, "foreign", register(otherProject, "foreign-model"));

        assertThat(server.patch("/v4/projects/" + id, "{\"name\":\"renamed\",\"directory_id\":\"dir_9\","
                + "\"active_config_id\":\"config_nope\"}").statusCode()).isEqualTo(404);
        assertThat(server.patch("/v4/projects/" + id, "{\"name\":\"renamed\",\"positive_labels\":[{\"type\":\"rating\","
                + "\"value\":\"good\"}],\"active_experiment_id\":\"" + foreignExperiment + "\"}").statusCode()).isEqualTo(404);
        assertThat(server.patch("/v4/projects/" + id, "{\"name\":\"elsewhere\",\"directory_id\":\"dir_9\"}").statusCode())
                .as("a taken name").isEqualTo(409);

        JsonNode unchanged = expect(server.get("/v4/projects/" + id), 200);
        assertThat(unchanged.get("name").asText()).isEqualTo("steady");
        assertThat(unchanged.get("directory_id").isNull()).isTrue();
        assertThat(unchanged.get("active_config").get("config").get("id").asText()).isEqualTo(config);
    }

    @Test
    void anExperimentUpdateNamingAnUnknownConfigChangesNothing() {
        String projectId = project("lab-steady");
        String config = register(projectId, "lab-model");
        String experimentId = experiment(projectId, "kept-name", config);

        assertThat(server.patch("/v4/experiments/" + experimentId, "{\"name\":\"new-name\",\"config_ids_to_deregister\":[\""
                + config + "\"],\"config_ids_to_register\":[\"config_nope\"]}").statusCode()).isEqualTo(404);

        JsonNode unchanged = expect(server.get("/v4/projects/" + projectId + "/experiments"), 200).get(0);
        assertThat(unchanged.get("name").asText()).isEqualTo("kept-name");
        assertThat(unchanged.get("configs").get(0).get("active").asBoolean()).as("not deregistered").isTrue();
    }

    @Test
    void anExperimentThatCannotBeCreatedLinksNoConfigToTheProject() {
        String projectId = project("lab-links");
        String other = project("lab-links-other");
        String outsider = register(other, "outsider-model");

        assertThat(server.post("/v4/projects/" + projectId + "/experiments", "{\"name\":\"half\",\"positive_labels\":"
                + "[{\"type\":\"rating\",\"value\":\"good\"}],\"config_ids\":[\"" + outsider + "\",\"config_nope\"]}").statusCode())
                .isEqualTo(404);
        experiment(projectId, "taken", register(projectId, "insider-model"));
        assertThat(server.post("/v4/projects/" + projectId + "/experiments", "{\"name\":\"taken\",\"positive_labels\":"
                + "[{\"type\":\"rating\",\"value\":\"good\"}],\"config_ids\":[\"" + outsider + "\"]}").statusCode())
                .as("a taken name").isEqualTo(409);

        assertThat(expect(server.get("/v4/projects/" + projectId + "/configs"), 200))
                .extracting(config -> config.get("config").get("model").asText()).containsExactly("insider-model");
        assertThat(expect(server.get("/v4/projects/" + projectId + "/experiments"), 200)).hasSize(1);
    }

    @Test
    void registeringWithAnUnknownExperimentCreatesNoProject() {
        assertThat(server.post("/v4/model-configs", "{\"project\":\"never-made\",\"experiment\":\"nope\","
                + "\"provider\":\"mock\",\"model\":\"m\"}").statusCode()).isEqualTo(404);
        assertThat(expect(server.get("/v4/projects?filter=never-made"), 200).get("total").asInt()).isZero();

        String projectId = project("registry");
        assertThat(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId + "\",\"experiment\":\"nope\","
                + "\"provider\":\"mock\",\"model\":\"unlinked\"}").statusCode()).isEqualTo(404);
        assertThat(expect(server.get("/v4/projects/" + projectId + "/configs"), 200)).isEmpty();
        assertThat(expect(server.get("/v4/projects/" + projectId), 200).get("active_config").isNull()).isTrue();
    }

    @Test
    void aDeploymentNamingAnUnknownConfigDeploysNothing() {
        String projectId = project("deploys");
        String config = register(projectId, "deployed-model");
        String environmentId = expect(server.get("/v4/projects/" + projectId + "/deployed-configs"), 200).get(0)
                .get("environment_id").asText();
        assertThat(server.patch("/v4/projects/" + projectId + "/deploy-config", "{\"config_id\":\"config_nope\","
                + "\"environments\":[{\"id\":\"" + environmentId + "\"}]}").statusCode()).isEqualTo(404);
        assertThat(expect(server.get("/v4/projects/" + projectId + "/deployed-configs"), 200).get(0)
                .get("model_config_id").asText()).isEqualTo(config);
    }
}
