package dev.openloop.server.chat;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.Golden;
import dev.openloop.server.testing.ProviderFake;
import dev.openloop.server.testing.ProviderFake.Answer;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * Experiments credit the arm whose config answered: arm A's provider is down and A falls back to
 * config B. When B is an arm of the experiment too, every sample's log is a trial of B, and
 * feedback moves B's counts only; when B is no arm, the logs are no trials at all, and feedback
 * moves nothing.
 */
class FallbackExperimentTest extends EveryStoreSuite {
    private static ProviderFake openai;
    private static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        openai = ProviderFake.start();
        openai.otherwise(Answer.json(503, Golden.read("openai/error_503.json")));
        server = TestServer.start(store, Map.of("OPENAI_BASE_URL", openai.baseUrl() + "/v1", "OPENAI_API_KEY", "sk-exp-0001",
                "OPENLOOP_PROVIDER_MAX_ATTEMPTS", "1"));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
        openai.close();
    }

    private static String register(String projectId, String config) {
        return expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId + "\",\"endpoint\":\"chat\"," + config + "}"),
                200).get("config").get("id").asText();
    }

    private static String experiment(String projectId, String name, String... arms) {
        return expect(server.post("/v4/projects/" + projectId + "/experiments", """
                {"name":"%s","positive_labels":[{"type":"rating","value":"good"}],"config_ids":["%s"]}"""
                .formatted(name, String.join("\",\"", arms))), 200).get("id").asText();
    }

    private static JsonNode arm(String projectId, String experimentId, String configId) {
        for (JsonNode experiment : expect(server.get("/v4/projects/" + projectId + "/experiments"), 200)) {
            if (experiment.get("id").asText().equals(experimentId)) {
                for (JsonNode arm : experiment.get("configs")) {
                    if (arm.get("id").asText().equals(configId)) {
                        return arm;
                    }
                }
            }
        }
        throw new AssertionError("no arm " + configId + " in " + experimentId);
    }

    @Test
    void aFallbackThatIsAnArmTakesTheTrialAndItsFeedback() {
        String projectId = expect(server.post("/v4/projects", "{\"name\":\"fallback-arms-" + store + "\"}"), 201).get("id").asText();
        String b = register(projectId, "\"provider\":\"mock\",\"model\":\"mock-b\"");
        String a = register(projectId, "\"provider\":\"openai\",\"model\":\"gpt-4o\",\"fallbacks\":[{\"config_id\":\"" + b + "\"}]");
        String experimentId = experiment(projectId, "both-arms", a, b);

        JsonNode answer = expect(server.post("/v4/chat-experiment", "{\"experiment_id\":\"" + experimentId
                + "\",\"num_samples\":6,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 200);

        Set<String> trials = new HashSet<>();
        for (JsonNode item : answer.get("data")) {
            assertThat(item.get("model_config_id").asText()).as("B answers every sample").isEqualTo(b);
            JsonNode row = server.logRow(item.get("id").asText());
            assertThat(row.get("config_id").asText()).isEqualTo(b);
            assertThat(row.get("experiment_id").asText()).isEqualTo(experimentId);
            trials.add(row.get("trial_id").asText());
            expect(server.post("/v4/feedback", "{\"type\":\"rating\",\"value\":\"good\",\"data_id\":\""
                    + item.get("id").asText() + "\"}"), 200);
        }
        assertThat(trials).hasSize(6);
        assertThat(arm(projectId, experimentId, b).get("trials_count").asInt()).isEqualTo(6);
        assertThat(arm(projectId, experimentId, a).get("trials_count").asInt()).isZero();
    }

    @Test
    void aFallbackThatIsNoArmAnswersButTheLogIsNoTrial() {
        String projectId = expect(server.post("/v4/projects", "{\"name\":\"fallback-no-arm-" + store + "\"}"), 201).get("id").asText();
        String a = register(projectId, "\"provider\":\"openai\",\"model\":\"gpt-4o\",\"temperature\":0.3,"
                + "\"fallbacks\":[{\"provider\":\"mock\",\"model\":\"mock-c\"}]");
        String experimentId = experiment(projectId, "one-arm", a);

        JsonNode answer = expect(server.post("/v4/chat-experiment", "{\"experiment_id\":\"" + experimentId
                + "\",\"num_samples\":2,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 200);

        for (JsonNode item : answer.get("data")) {
            JsonNode row = server.logRow(item.get("id").asText());
            assertThat(row.get("config_id").asText()).isNotEqualTo(a);
            assertThat(row.get("requested_config_id").asText()).isEqualTo(a);
            assertThat(row.get("experiment_id").isNull()).isTrue();
            assertThat(row.get("trial_id").isNull()).isTrue();
            expect(server.post("/v4/feedback", "{\"type\":\"rating\",\"value\":\"good\",\"data_id\":\""
                    + item.get("id").asText() + "\"}"), 200);
        }
        assertThat(arm(projectId, experimentId, a).get("trials_count").asInt()).isZero();
    }
}
