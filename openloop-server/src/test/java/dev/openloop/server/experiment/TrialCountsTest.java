package dev.openloop.server.experiment;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * Trials and their counts: a chat draw's trial id can be logged again through {@code POST /logs},
 * only into its experiment's project, and deleting trial logs takes them out of the counts.
 */
class TrialCountsTest extends EveryStoreSuite {
    private static TestServer server;
    private static int experiments;

    private String projectId;
    private String configA;
    private String configB;
    private String experimentId;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        server = TestServer.start(store);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    @BeforeEach
    void experiment() {
        String name = "trials-" + ++experiments;
        projectId = expect(server.post("/v4/projects", "{\"name\":\"" + name + "\"}"), 201).get("id").asText();
        configA = register("model-a-" + name);
        configB = register("model-b-" + name);
        experimentId = expect(server.post("/v4/projects/" + projectId + "/experiments", """
                {"name":"%s","positive_labels":[{"type":"rating","value":"good"}],"config_ids":["%s","%s"]}"""
                .formatted(name, configA, configB)), 200).get("id").asText();
    }

    private String register(String model) {
        return expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"" + model + "\"}"), 200).get("config").get("id").asText();
    }

    private List<String> chatTrials(int samples) {
        JsonNode answer = expect(server.post("/v4/chat-experiment", "{\"experiment_id\":\"" + experimentId + "\",\"num_samples\":"
                + samples + ",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 200);
        List<String> logIds = new ArrayList<>();
        answer.get("data").forEach(item -> logIds.add(item.get("id").asText()));
        return logIds;
    }

    private void rate(String logId, String value) {
        expect(server.post("/v4/feedback", "{\"type\":\"rating\",\"value\":\"" + value + "\",\"data_id\":\"" + logId + "\"}"), 200);
    }

    private JsonNode experimentNow() {
        return expect(server.get("/v4/projects/" + projectId + "/experiments"), 200).get(0);
    }

    private static long trialsCounted(JsonNode experiment) {
        long trials = 0;
        for (JsonNode config : experiment.get("configs")) {
            trials += config.get("trials_count").asLong();
        }
        return trials;
    }

    @Test
    void deletedTrialLogsLeaveTheCounts() {
        List<String> logIds = chatTrials(4);
        logIds.forEach(logId -> rate(logId, "good"));
        assertThat(trialsCounted(experimentNow())).isEqualTo(4);

        assertThat(server.delete("/v4/logs?id=" + logIds.get(0) + "&id=" + logIds.get(1)).statusCode()).isEqualTo(204);
        JsonNode afterTwo = experimentNow();
        assertThat(trialsCounted(afterTwo)).isEqualTo(2);
        for (JsonNode config : afterTwo.get("configs")) {
            long trials = config.get("trials_count").asLong();
            assertThat(config.get("mean").asDouble()).as("every remaining trial is a success").isEqualTo((1.0 + trials) / (2.0 + trials));
        }

        assertThat(server.delete("/v4/logs?id=" + logIds.get(2) + "&id=" + logIds.get(3)).statusCode()).isEqualTo(204);
        JsonNode none = experimentNow();
        assertThat(trialsCounted(none)).isZero();
        assertThat(none.get("status").asText()).isEqualTo("Initialized");
        for (JsonNode config : none.get("configs")) {
            assertThat(config.get("mean").asDouble()).isEqualTo(0.5);
        }
    }

    @Test
    void deletingAProjectTakesItsLogsOutOfAnotherProjectsExperiment() {
        // Logs of one project that are trials of another project's experiment can no longer be
        // made (see below); a store may still hold some from before. One is written here directly.
        String logId = chatTrials(1).getFirst();
        rate(logId, "good");
        String otherProject = expect(server.post("/v4/projects", "{\"name\":\"older-" + experimentId + "\"}"), 201)
                .get("id").asText();
        server.database().useHandle(h -> h.createUpdate("UPDATE logs SET project_id = :project WHERE id = :id")
                .bind("project", otherProject)
                .bind("id", logId)
                .execute());
        assertThat(trialsCounted(experimentNow())).isEqualTo(1);

        assertThat(server.delete("/v4/projects/" + otherProject).statusCode()).isEqualTo(204);
        JsonNode after = experimentNow();
        assertThat(trialsCounted(after)).isZero();
        assertThat(after.get("status").asText()).isEqualTo("Initialized");
    }

    @Test
    void aChatDrawsTrialIdCanBeLoggedAgain() {
        String chatLog = chatTrials(1).getFirst();
        JsonNode drawn = expect(server.get("/v4/logs/" + chatLog), 200);
        String trialId = drawn.get("trial_id").asText();

        JsonNode created = expect(server.post("/v4/logs", "{\"project_id\":\"" + projectId + "\",\"trial_id\":\"" + trialId
                + "\",\"output\":\"retried elsewhere\",\"feedback\":[{\"type\":\"rating\",\"value\":\"good\"}]}"), 200);
        JsonNode logged = expect(server.get("/v4/logs/" + created.get("id").asText()), 200);
        assertThat(logged.get("trial_id").asText()).isEqualTo(trialId);
        assertThat(logged.get("experiment_id").asText()).isEqualTo(experimentId);
        assertThat(logged.get("config_id").asText()).isEqualTo(drawn.get("config_id").asText());
        assertThat(trialsCounted(experimentNow())).as("the new log counts as a trial").isEqualTo(1);
    }

    @Test
    void aDeployedExperimentsTrialIdCanBeLoggedAgainWithItsEnvironment() {
        expect(server.patch("/v4/projects/" + projectId + "/deploy-config", "{\"experiment_id\":\"" + experimentId + "\"}"), 200);
        JsonNode answer = expect(server.post("/v4/chat-deployed", "{\"project_id\":\"" + projectId
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 200);
        JsonNode drawn = expect(server.get("/v4/logs/" + answer.get("data").get(0).get("id").asText()), 200);

        JsonNode created = expect(server.post("/v4/logs", "{\"trial_id\":\"" + drawn.get("trial_id").asText()
                + "\",\"output\":\"logged without naming the project\"}"), 200);
        assertThat(created.get("project_id").asText()).as("the trial's project").isEqualTo(projectId);
        JsonNode logged = expect(server.get("/v4/logs/" + created.get("id").asText()), 200);
        assertThat(logged.get("environment").asText()).isEqualTo(drawn.get("environment").asText());
        assertThat(logged.get("config_id").asText()).isEqualTo(drawn.get("config_id").asText());
    }

    @Test
    void aTrialIsLoggedOnlyIntoItsExperimentsProject() {
        String trialId = expect(server.get("/v4/experiments/" + experimentId + "/model-config"), 200).get("trial_id").asText();
        String otherProject = expect(server.post("/v4/projects", "{\"name\":\"other-" + experimentId + "\"}"), 201).get("id").asText();
        String newName = "new-" + experimentId;

        JsonNode byName = expect(server.post("/v4/logs", "{\"project\":\"" + newName + "\",\"trial_id\":\"" + trialId + "\"}"), 422);
        assertThat(byName.get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"trial_id\"]");
        assertThat(byName.get("detail").get(0).get("msg").asText()).contains(projectId);
        assertThat(expect(server.get("/v4/projects?filter=" + newName), 200).get("total").asInt())
                .as("no project is made for a refused log").isZero();
        assertThat(server.post("/v4/logs", "{\"project_id\":\"" + otherProject + "\",\"trial_id\":\"" + trialId + "\"}").statusCode())
                .isEqualTo(422);
        assertThat(expect(server.get("/v4/projects/" + otherProject), 200).get("data_count").asInt()).isZero();
        assertThat(trialsCounted(experimentNow())).isZero();
    }
}
