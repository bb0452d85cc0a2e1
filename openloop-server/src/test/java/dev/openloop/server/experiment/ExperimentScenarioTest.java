package dev.openloop.server.experiment;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole loop, as a team would run it over HTTP: a project, two configs, an experiment deployed
 * to production, many calls to {@code /v4/chat-deployed}, feedback on each answer, and the draws
 * shifting to the config users like.
 */
class ExperimentScenarioTest {

    @Test
    void drawsShiftTowardsTheConfigThatGetsPositiveFeedback() {
        try (TestServer server = TestServer.start(Map.of("OPENLOOP_EXPERIMENT_SEED", "11"))) {
            String projectId = expect(server.post("/v4/projects", "{\"name\":\"assistant\"}"), 201).get("id").asText();
            String liked = expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                    + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"friendly\"}"), 200).get("config").get("id").asText();
            String disliked = expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                    + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"grumpy\"}"), 200).get("config").get("id").asText();
            String experimentId = expect(server.post("/v4/projects/" + projectId + "/experiments", """
                    {"name":"tone","positive_labels":[{"type":"rating","value":"good"}],"config_ids":["%s","%s"]}"""
                    .formatted(liked, disliked)), 200).get("id").asText();
            String production = expect(server.get("/v4/environments"), 200).get(0).get("id").asText();
            expect(server.patch("/v4/projects/" + projectId + "/deploy-config", "{\"experiment_id\":\"" + experimentId
                    + "\",\"environments\":[{\"id\":\"" + production + "\",\"name\":\"production\"}]}"), 200);

            int likedInFirst20 = 0;
            int likedInLast40 = 0;
            int calls = 160;
            for (int call = 0; call < calls; call++) {
                JsonNode answer = expect(server.post("/v4/chat-deployed", "{\"project_id\":\"" + projectId
                        + "\",\"environment\":\"production\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"), 200);
                JsonNode item = answer.get("data").get(0);
                boolean gotLiked = item.get("model_config_id").asText().equals(liked);
                if (call < 20 && gotLiked) {
                    likedInFirst20++;
                }
                if (call >= calls - 40 && gotLiked) {
                    likedInLast40++;
                }
                // Users like the friendly config four times out of five, the grumpy one one time in five.
                boolean good = gotLiked ? call % 5 != 0 : call % 5 == 0;
                expect(server.post("/v4/feedback", "{\"type\":\"rating\",\"value\":\"" + (good ? "good" : "bad")
                        + "\",\"data_id\":\"" + item.get("id").asText() + "\"}"), 200);
            }
            JsonNode experiment = expect(server.get("/v4/projects/" + projectId + "/experiments"), 200).get(0);
            assertThat(experiment.get("status").asText()).isEqualTo("In progress");
            long trials = 0;
            for (JsonNode config : experiment.get("configs")) {
                trials += config.get("trials_count").asLong();
            }
            assertThat(trials).isEqualTo(calls);
            assertThat(likedInLast40).as("liked draws among the last 40 (first 20 had %d)", likedInFirst20).isGreaterThanOrEqualTo(34);
            JsonNode log = expect(server.get("/v4/logs?project_id=" + projectId + "&size=1"), 200).get("records").get(0);
            assertThat(log.get("environment").asText()).isEqualTo("production");
            assertThat(log.get("experiment_id").asText()).isEqualTo(experimentId);
        }
    }
}
