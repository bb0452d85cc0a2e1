package dev.openloop.server.door.v1;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The whole loop with OpenAI's protocol for the calls: an experiment deployed to production, many
 * {@code /v1/chat/completions} calls with {@code model: "<project>@production"}, feedback through
 * {@code /v4/feedback} on the ids they answered with, and the draws shifting to the config users
 * like; the logs are the rows {@code /v4/logs} lists.
 */
class V1ExperimentScenarioTest {

    @Test
    void drawsThroughV1ShiftTowardsTheConfigThatGetsPositiveFeedback() {
        try (TestServer server = TestServer.start(Map.of("OPENLOOP_EXPERIMENT_SEED", "11"))) {
            String projectId = expect(server.post("/v4/projects", "{\"name\":\"assistant\"}"), 201).get("id").asText();
            String liked = register(server, projectId, "friendly");
            String disliked = register(server, projectId, "grumpy");
            String experimentId = expect(server.post("/v4/projects/" + projectId + "/experiments", """
                    {"name":"tone","positive_labels":[{"type":"rating","value":"good"}],"config_ids":["%s","%s"]}"""
                    .formatted(liked, disliked)), 200).get("id").asText();
            String production = expect(server.get("/v4/environments"), 200).get(0).get("id").asText();
            expect(server.patch("/v4/projects/" + projectId + "/deploy-config", "{\"experiment_id\":\"" + experimentId
                    + "\",\"environments\":[{\"id\":\"" + production + "\",\"name\":\"production\"}]}"), 200);

            int likedInFirst20 = 0;
            int likedInLast40 = 0;
            int calls = 160;
            Set<String> answered = new HashSet<>();
            for (int call = 0; call < calls; call++) {
                HttpResponse<String> response = completion(server, """
                        {"model":"assistant@production","messages":[{"role":"user","content":"Hello"}]}""");
                JsonNode answer = expect(response, 200);
                String id = answer.get("id").asText();
                assertThat(response.headers().firstValue(Completions.LOG_IDS_HEADER)).contains(id);
                answered.add(id);
                // Which config answered is the log's to say: OpenAI's answer has no field for it.
                String configId = expect(server.get("/v4/logs/" + id), 200).get("config_id").asText();
                boolean gotLiked = configId.equals(liked);
                if (call < 20 && gotLiked) {
                    likedInFirst20++;
                }
                if (call >= calls - 40 && gotLiked) {
                    likedInLast40++;
                }
                // Users like the friendly config four times out of five, the grumpy one one time in five.
                boolean good = gotLiked ? call % 5 != 0 : call % 5 == 0;
                expect(server.post("/v4/feedback", "{\"type\":\"rating\",\"value\":\"" + (good ? "good" : "bad")
                        + "\",\"data_id\":\"" + id + "\"}"), 200);
            }
            JsonNode experiment = expect(server.get("/v4/projects/" + projectId + "/experiments"), 200).get(0);
            long trials = 0;
            for (JsonNode config : experiment.get("configs")) {
                trials += config.get("trials_count").asLong();
            }
            assertThat(trials).isEqualTo(calls);
            assertThat(likedInLast40).as("liked draws among the last 40 (first 20 had %d)", likedInFirst20).isGreaterThanOrEqualTo(34);

            JsonNode listed = expect(server.get("/v4/logs?project_id=" + projectId + "&size=" + (calls + 10)), 200);
            Set<String> listedIds = new HashSet<>();
            for (JsonNode log : listed.get("records")) {
                listedIds.add(log.get("id").asText());
                assertThat(log.get("environment").asText()).isEqualTo("production");
                assertThat(log.get("experiment_id").asText()).isEqualTo(experimentId);
            }
            assertThat(listedIds).isEqualTo(answered);
        }
    }

    @Test
    void everyChoiceIsDrawnAndLoggedOnItsOwn() {
        try (TestServer server = TestServer.start()) {
            String projectId = expect(server.post("/v4/projects", "{\"name\":\"drawn\"}"), 201).get("id").asText();
            String a = register(server, projectId, "a");
            String b = register(server, projectId, "b");
            String experimentId = expect(server.post("/v4/projects/" + projectId + "/experiments", """
                    {"name":"ab","positive_labels":[{"type":"rating","value":"good"}],"config_ids":["%s","%s"]}"""
                    .formatted(a, b)), 200).get("id").asText();
            String production = expect(server.get("/v4/environments"), 200).get(0).get("id").asText();
            expect(server.patch("/v4/projects/" + projectId + "/deploy-config", "{\"experiment_id\":\"" + experimentId
                    + "\",\"environments\":[{\"id\":\"" + production + "\",\"name\":\"production\"}]}"), 200);

            HttpResponse<String> response = completion(server, """
                    {"model":"drawn","n":4,"messages":[{"role":"user","content":"Hi"}]}""");
            JsonNode answer = expect(response, 200);

            List<String> logIds = List.of(response.headers().firstValue(Completions.LOG_IDS_HEADER).orElseThrow().split(","));
            assertThat(logIds).hasSize(4).doesNotHaveDuplicates().first().isEqualTo(answer.get("id").asText());
            assertThat(answer.get("choices")).hasSize(4);
            for (String logId : logIds) {
                assertThat(expect(server.get("/v4/logs/" + logId), 200).get("experiment_id").asText()).isEqualTo(experimentId);
            }
        }
    }

    private static String register(TestServer server, String projectId, String model) {
        return expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"" + model + "\"}"), 200)
                .get("config").get("id").asText();
    }

    static HttpResponse<String> completion(TestServer server, String body) {
        return server.send(HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + TestServer.API_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }
}
