package dev.openloop.server.experiment;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.TestServer;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Experiments: their endpoints, {@code /v4/chat-experiment}, and statistics fed by feedback (spec §9, §10.4). */
class ExperimentEndpointsTest {
    private TestServer server;
    private String projectId;
    private String configA;
    private String configB;

    @BeforeEach
    void start() {
        server = TestServer.start(Map.of("OPENLOOP_EXPERIMENT_SEED", "5"));
        projectId = expect(server.post("/v4/projects", "{\"name\":\"lab\"}"), 201).get("id").asText();
        configA = register("model-a");
        configB = register("model-b");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String register(String model) {
        return expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"" + model + "\"}"), 200).get("config").get("id").asText();
    }

    private JsonNode createExperiment(String name) {
        return expect(server.post("/v4/projects/" + projectId + "/experiments", """
                {"projectId":"%s","name":"%s","positive_labels":[{"type":"rating","value":"good"}],"config_ids":["%s","%s"]}"""
                .formatted(projectId, name, configA, configB)), 200);
    }

    @Test
    void anExperimentIsCreatedListedChangedAndDeleted() {
        JsonNode experiment = createExperiment("first");
        String id = experiment.get("id").asText();
        assertThat(id).startsWith("exp_");
        assertThat(experiment.get("status").asText()).isEqualTo("Initialized");
        assertThat(experiment.get("project_id").asText()).isEqualTo(projectId);
        assertThat(experiment.get("metric").get("id").asText()).startsWith("metric_");
        assertThat(experiment.get("positive_labels").get(0).get("value").asText()).isEqualTo("good");
        assertThat(experiment.get("configs")).hasSize(2);
        JsonNode arm = experiment.get("configs").get(0);
        assertThat(arm.get("mean").asDouble()).isEqualTo(0.5);
        assertThat(arm.get("spread").asDouble()).isPositive();
        assertThat(arm.get("trials_count").asInt()).isZero();
        assertThat(arm.get("active").asBoolean()).isTrue();
        assertThat(arm.get("display_name").asText()).startsWith("model-a");
        assertThat(arm.get("config").get("model").asText()).isEqualTo("model-a");

        assertThat(expect(server.get("/v4/projects/" + projectId + "/experiments"), 200)).hasSize(1);
        JsonNode renamed = expect(server.patch("/v4/experiments/" + id, "{\"experimentId\":\"" + id + "\",\"name\":\"renamed\","
                + "\"config_ids_to_deregister\":[\"" + configB + "\"]}"), 200);
        assertThat(renamed.get("name").asText()).isEqualTo("renamed");
        assertThat(renamed.get("configs")).hasSize(2);
        assertThat(renamed.get("configs").get(1).get("active").asBoolean()).as("deregistered configs stay, inactive").isFalse();
        JsonNode registered = expect(server.patch("/v4/experiments/" + id, "{\"config_ids_to_register\":[\"" + configB + "\"]}"), 200);
        assertThat(registered.get("configs").get(1).get("active").asBoolean()).isTrue();

        assertThat(server.delete("/v4/experiments/" + id).statusCode()).isEqualTo(204);
        assertThat(server.delete("/v4/experiments/" + id).statusCode()).isEqualTo(404);
        assertThat(expect(server.get("/v4/projects/" + projectId + "/experiments"), 200)).isEmpty();
    }

    @Test
    void badRequestsAreRefused() {
        createExperiment("taken");
        assertThat(server.post("/v4/projects/" + projectId + "/experiments",
                "{\"name\":\"taken\",\"positive_labels\":[]}").statusCode()).isEqualTo(409);
        JsonNode missing = expect(server.post("/v4/projects/" + projectId + "/experiments", "{}"), 422);
        assertThat(missing.get("detail")).hasSize(2);
        assertThat(server.post("/v4/projects/" + projectId + "/experiments",
                "{\"name\":\"x\",\"positive_labels\":[],\"config_ids\":[\"config_nope\"]}").statusCode()).isEqualTo(404);
        assertThat(server.post("/v4/projects/pr_nope/experiments", "{\"name\":\"x\",\"positive_labels\":[]}").statusCode()).isEqualTo(404);
        assertThat(server.patch("/v4/experiments/exp_nope", "{}").statusCode()).isEqualTo(404);
        assertThat(server.get("/v4/experiments/exp_nope/model-config").statusCode()).isEqualTo(404);
        String empty = expect(server.post("/v4/projects/" + projectId + "/experiments",
                "{\"name\":\"empty\",\"positive_labels\":[]}"), 200).get("id").asText();
        assertThat(expect(server.get("/v4/experiments/" + empty + "/model-config"), 409).get("detail").asText()).contains("no active config");
    }

    @Test
    void aChangeWithAPositiveLabelLackingItsTypeOrValueIsRefusedAndChangesNothing() {
        String id = createExperiment("labelled").get("id").asText();
        JsonNode refused = expect(server.patch("/v4/experiments/" + id, """
                {"name":" ","positive_labels":[{"type":"rating","value":"good"},{"type":"rating"},{"value":"bad"},
                 {"type":null,"value":"bad"}]}"""), 422);

        assertThat(refused.get("detail")).isEqualTo(TestServer.json("""
                [{"loc":["body","name"],"msg":"ensure this value is not blank","type":"value_error.any_str.min_length"},
                 {"loc":["body","positive_labels",1],"msg":"a positive label needs a type and a value","type":"value_error.missing"},
                 {"loc":["body","positive_labels",2],"msg":"a positive label needs a type and a value","type":"value_error.missing"},
                 {"loc":["body","positive_labels",3],"msg":"a positive label needs a type and a value","type":"value_error.missing"}]"""));
        JsonNode unchanged = expect(server.get("/v4/projects/" + projectId + "/experiments"), 200).get(0);
        assertThat(unchanged.get("name").asText()).isEqualTo("labelled");
        assertThat(unchanged.get("positive_labels")).isEqualTo(TestServer.json("[{\"type\":\"rating\",\"value\":\"good\"}]"));
    }

    @Test
    void chatExperimentDrawsEachSampleAndRecordsItsTrial() {
        String id = createExperiment("draws").get("id").asText();
        JsonNode answer = expect(server.post("/v4/chat-experiment", "{\"experiment_id\":\"" + id
                + "\",\"num_samples\":6,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 200);
        assertThat(answer.get("project_id").asText()).as("the experiment's project").isEqualTo(projectId);
        assertThat(answer.get("data")).hasSize(6);
        Set<String> trials = new HashSet<>();
        for (JsonNode item : answer.get("data")) {
            assertThat(item.get("model_config_id").asText()).isIn(configA, configB);
            JsonNode log = expect(server.get("/v4/logs/" + item.get("id").asText()), 200);
            assertThat(log.get("experiment_id").asText()).isEqualTo(id);
            assertThat(log.get("config_id").asText()).isEqualTo(item.get("model_config_id").asText());
            trials.add(log.get("trial_id").asText());
        }
        assertThat(trials).hasSize(6);

        assertThat(server.post("/v4/chat-experiment", "{\"experiment_id\":\"exp_nope\",\"messages\":[]}").statusCode()).isEqualTo(404);
        String otherProject = expect(server.post("/v4/projects", "{\"name\":\"elsewhere\"}"), 201).get("id").asText();
        assertThat(expect(server.post("/v4/chat-experiment", "{\"experiment_id\":\"" + id + "\",\"project_id\":\"" + otherProject
                + "\",\"messages\":[]}"), 422).get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"experiment_id\"]");
    }

    @Test
    void feedbackOnTrialsMovesTheStatistics() {
        String id = createExperiment("stats").get("id").asText();
        JsonNode answer = expect(server.post("/v4/chat-experiment", "{\"experiment_id\":\"" + id
                + "\",\"num_samples\":4,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 200);
        int goodForA = 0;
        for (JsonNode item : answer.get("data")) {
            boolean a = item.get("model_config_id").asText().equals(configA);
            goodForA += a ? 1 : 0;
            expect(server.post("/v4/feedback", "{\"type\":\"rating\",\"value\":\"" + (a ? "good" : "bad") + "\",\"data_id\":\""
                    + item.get("id").asText() + "\"}"), 200);
            // Other feedback types do not count for or against a trial.
            expect(server.post("/v4/feedback", "{\"type\":\"comment\",\"value\":\"nice\",\"data_id\":\"" + item.get("id").asText() + "\"}"), 200);
        }
        JsonNode experiment = expect(server.get("/v4/projects/" + projectId + "/experiments"), 200).get(0);
        assertThat(experiment.get("status").asText()).isEqualTo("In progress");
        JsonNode a = arm(experiment, configA);
        JsonNode b = arm(experiment, configB);
        assertThat(a.get("trials_count").asInt() + b.get("trials_count").asInt()).isEqualTo(4);
        assertThat(a.get("trials_count").asInt()).isEqualTo(goodForA);
        assertThat(a.get("mean").asDouble()).isEqualTo((1.0 + goodForA) / (2.0 + goodForA));

        // The latest feedback of a type counts: turning a good into a bad moves the trial.
        String firstA = null;
        for (JsonNode item : answer.get("data")) {
            if (item.get("model_config_id").asText().equals(configA)) {
                firstA = item.get("id").asText();
                break;
            }
        }
        if (firstA != null) {
            expect(server.post("/v4/feedback", "{\"type\":\"rating\",\"value\":\"bad\",\"data_id\":\"" + firstA + "\"}"), 200);
            JsonNode after = arm(expect(server.get("/v4/projects/" + projectId + "/experiments"), 200).get(0), configA);
            assertThat(after.get("trials_count").asInt()).isEqualTo(goodForA);
            assertThat(after.get("mean").asDouble()).isEqualTo((1.0 + goodForA - 1) / (2.0 + goodForA));
            expect(server.post("/v4/feedback", "{\"type\":\"rating\",\"unset\":true,\"data_id\":\"" + firstA + "\"}"), 200);
            JsonNode unset = arm(expect(server.get("/v4/projects/" + projectId + "/experiments"), 200).get(0), configA);
            assertThat(unset.get("trials_count").asInt()).as("an unset trial is no longer counted").isEqualTo(goodForA - 1);
        }

        // New positive labels recount every trial.
        JsonNode relabelled = expect(server.patch("/v4/experiments/" + id, "{\"positive_labels\":[{\"type\":\"rating\",\"value\":\"bad\"}]}"), 200);
        JsonNode bAfter = arm(relabelled, configB);
        assertThat(bAfter.get("mean").asDouble()).isEqualTo((1.0 + b.get("trials_count").asInt()) / (2.0 + b.get("trials_count").asInt()));
    }

    @Test
    void sampleGivesATrialThatALogCanName() {
        String id = createExperiment("sampled").get("id").asText();
        JsonNode sample = expect(server.get("/v4/experiments/" + id + "/model-config"), 200);
        String trialId = sample.get("trial_id").asText();
        assertThat(trialId).startsWith("trial_");
        assertThat(sample.get("experiment_id").asText()).isEqualTo(id);
        String configId = sample.get("config").get("id").asText();
        assertThat(configId).isIn(configA, configB);
        JsonNode created = expect(server.post("/v4/logs", "{\"project_id\":\"" + projectId + "\",\"trial_id\":\"" + trialId
                + "\",\"output\":\"done elsewhere\",\"feedback\":{\"type\":\"rating\",\"value\":\"good\"}}"), 200);
        JsonNode log = expect(server.get("/v4/logs/" + created.get("id").asText()), 200);
        assertThat(log.get("config_id").asText()).isEqualTo(configId);
        assertThat(log.get("experiment_id").asText()).isEqualTo(id);
        assertThat(log.get("feedback").get(0).get("value").asText()).isEqualTo("good");
        JsonNode experiment = expect(server.get("/v4/projects/" + projectId + "/experiments"), 200).get(0);
        assertThat(arm(experiment, configId).get("trials_count").asInt()).isEqualTo(1);
        assertThat(arm(experiment, configId).get("mean").asDouble()).isEqualTo(2.0 / 3);
    }

    @Test
    void setActiveDeploysTheExperimentToTheDefaultEnvironment() {
        JsonNode experiment = expect(server.post("/v4/projects/" + projectId + "/experiments", """
                {"name":"live","positive_labels":[{"type":"rating","value":"good"}],"config_ids":["%s","%s"],"set_active":true}"""
                .formatted(configA, configB)), 200);
        JsonNode project = expect(server.get("/v4/projects/" + projectId), 200);
        assertThat(project.get("active_experiment").get("id").asText()).isEqualTo(experiment.get("id").asText());
        assertThat(project.get("active_config").isNull()).isTrue();
        JsonNode active = expect(server.get("/v4/projects/" + projectId + "/active-config"), 200);
        assertThat(active.get("trial_id").asText()).startsWith("trial_");
        JsonNode removed = expect(server.delete("/v4/projects/" + projectId + "/active-experiment"), 200);
        assertThat(removed.get("active_experiment").isNull()).isTrue();
    }

    private static JsonNode arm(JsonNode experiment, String configId) {
        for (JsonNode config : experiment.get("configs")) {
            if (config.get("id").asText().equals(configId)) {
                return config;
            }
        }
        throw new AssertionError("no config " + configId + " in " + experiment);
    }
}
