package dev.openloop.server.door.v4;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openloop.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A team's completion app, over HTTP: a project deploys a completion config to production and
 * serves {@code /completion-deployed}, gets feedback on the answers, then deploys an experiment of
 * two configs. The experiment moves exactly as it does for chat: two nodes with the same seed, one
 * serving the calls on {@code /chat-deployed} and one on {@code /completion-deployed}, with the same
 * feedback, draw the same configs in the same order and end with the same counts.
 */
class CompletionScenarioTest {
    private static final int CALLS = 120;

    /** What an experiment run came to: the configs drawn, in order, and the experiment's configs at the end. */
    private record Run(List<String> draws, JsonNode configs, String liked) {
    }

    @Test
    void anExperimentMovesOnCompletionsExactlyAsOnChats() {
        Run chats = run(false);
        Run completions = run(true);

        assertThat(completions.liked()).as("the same parameters are the same config").isEqualTo(chats.liked());
        assertThat(completions.draws()).isEqualTo(chats.draws());
        assertThat(completions.configs()).isEqualTo(chats.configs());
        long likedInLast40 = completions.draws().subList(CALLS - 40, CALLS).stream().filter(completions.liked()::equals).count();
        assertThat(likedInLast40).as("the draws move to the config users like").isGreaterThanOrEqualTo(30);
    }

    private static Run run(boolean completions) {
        try (TestServer server = TestServer.start(Map.of("OPENLOOP_EXPERIMENT_SEED", "23"))) {
            String projectId = expect(server.post("/v4/projects", "{\"name\":\"tutorial-app\"}"), 201).get("id").asText();
            String liked = register(server, projectId, "friendly");
            String disliked = register(server, projectId, "grumpy");
            String production = expect(server.get("/v4/environments"), 200).get(0).get("id").asText();
            String environments = "\"environments\":[{\"id\":\"" + production + "\",\"name\":\"production\"}]";

            // First the deployed config alone: every answer is its, and can be rated.
            expect(server.patch("/v4/projects/" + projectId + "/deploy-config", "{\"config_id\":\"" + disliked + "\","
                    + environments + "}"), 200);
            for (int call = 0; call < 5; call++) {
                JsonNode item = call(server, completions, projectId).get("data").get(0);
                assertThat(item.get("model_config_id").asText()).isEqualTo(disliked);
                rate(server, item, true);
            }

            // Then an experiment of both.
            String experimentId = expect(server.post("/v4/projects/" + projectId + "/experiments", """
                    {"name":"tone","positive_labels":[{"type":"rating","value":"good"}],"config_ids":["%s","%s"]}"""
                    .formatted(liked, disliked)), 200).get("id").asText();
            expect(server.patch("/v4/projects/" + projectId + "/deploy-config", "{\"experiment_id\":\"" + experimentId + "\","
                    + environments + "}"), 200);
            List<String> draws = new ArrayList<>();
            for (int call = 0; call < CALLS; call++) {
                JsonNode item = call(server, completions, projectId).get("data").get(0);
                String drawn = item.get("model_config_id").asText();
                draws.add(drawn);
                // Users like the friendly config four times out of five, the grumpy one one time in five.
                rate(server, item, drawn.equals(liked) ? call % 5 != 0 : call % 5 == 0);
            }
            JsonNode experiment = expect(server.get("/v4/projects/" + projectId + "/experiments"), 200).get(0);
            long trials = 0;
            for (JsonNode config : experiment.get("configs")) {
                trials += config.get("trials_count").asLong();
                ((ObjectNode) config).remove(List.of("created_at", "updated_at"));
            }
            assertThat(trials).isEqualTo(CALLS);
            JsonNode logs = expect(server.get("/v4/logs?project_id=" + projectId + "&size=1"), 200);
            assertThat(logs.get("total").asInt()).as("every call is a log").isEqualTo(CALLS + 5);
            assertThat(logs.get("records").get(0).get("experiment_id").asText()).isEqualTo(experimentId);
            return new Run(draws, experiment.get("configs"), liked);
        }
    }

    /** A config that can both chat and complete: the same parameters either way. */
    private static String register(TestServer server, String projectId, String model) {
        return expect(server.post("/v4/model-configs", """
                {"project_id":"%s","provider":"mock","model":"%s","prompt_template":"Greet {{name}}.",
                 "chat_template":[{"role":"system","content":"Greet {{name}}."}]}""".formatted(projectId, model)), 200)
                .get("config").get("id").asText();
    }

    private static JsonNode call(TestServer server, boolean completion, String projectId) {
        String body = completion
                ? "{\"project_id\":\"" + projectId + "\",\"environment\":\"production\",\"inputs\":{\"name\":\"Ada\"}}"
                : "{\"project_id\":\"" + projectId + "\",\"environment\":\"production\",\"inputs\":{\"name\":\"Ada\"},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
        return expect(server.post(completion ? "/v4/completion-deployed" : "/v4/chat-deployed", body), 200);
    }

    private static void rate(TestServer server, JsonNode item, boolean good) {
        expect(server.post("/v4/feedback", "{\"type\":\"rating\",\"value\":\"" + (good ? "good" : "bad") + "\",\"data_id\":\""
                + item.get("id").asText() + "\"}"), 200);
    }
}
