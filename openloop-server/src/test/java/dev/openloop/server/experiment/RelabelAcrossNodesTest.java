package dev.openloop.server.experiment;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.Race;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TwoNodes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * New positive labels (a recount of every trial) racing feedback (a change of one trial's count),
 * through two nodes on one PostgreSQL database: whatever the order they commit in, the stored
 * counts are those a count from scratch gives.
 */
class RelabelAcrossNodesTest {
    private static final int TRIALS = 16;
    private static final int ROUNDS = 8;
    private static final String GOOD = "[{\"type\":\"rating\",\"value\":\"good\"}]";
    private static final String BAD = "[{\"type\":\"rating\",\"value\":\"bad\"}]";

    private TwoNodes nodes;
    private TestServer a;
    private TestServer b;

    @BeforeEach
    void start() {
        nodes = TwoNodes.start();
        a = nodes.a();
        b = nodes.b();
    }

    @AfterEach
    void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    private String register(String projectId, String model) {
        return expect(a.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"" + model + "\"}"), 200).get("config").get("id").asText();
    }

    @Test
    void relabellingRacingFeedbackLeavesTheCountsAFreshCountGives() throws Exception {
        String projectId = expect(a.post("/v4/projects", "{\"name\":\"relabels\"}"), 201).get("id").asText();
        String one = register(projectId, "one");
        String two = register(projectId, "two");
        String experimentId = expect(a.post("/v4/projects/" + projectId + "/experiments", "{\"name\":\"relabels\","
                + "\"positive_labels\":" + GOOD + ",\"config_ids\":[\"" + one + "\",\"" + two + "\"]}"), 200).get("id").asText();
        JsonNode drawn = expect(b.post("/v4/chat-experiment", "{\"experiment_id\":\"" + experimentId + "\",\"num_samples\":"
                + TRIALS + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 200);
        List<String> logIds = new ArrayList<>();
        drawn.get("data").forEach(item -> logIds.add(item.get("id").asText()));

        Random random = new Random(11);
        for (int round = 0; round < ROUNDS; round++) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < TRIALS; i++) {
                values.add(random.nextBoolean() ? "good" : "bad");
            }
            // Each round: every trial gets feedback while the labels flip four times, through both nodes.
            Race.of(TRIALS + 4, i -> {
                TestServer node = i % 2 == 0 ? a : b;
                if (i >= TRIALS) {
                    return expect(node.patch("/v4/experiments/" + experimentId, "{\"positive_labels\":"
                            + (i % 2 == 0 ? GOOD : BAD) + "}"), 200);
                }
                return expect(node.post("/v4/feedback", "{\"type\":\"rating\",\"value\":\"" + values.get(i)
                        + "\",\"data_id\":\"" + logIds.get(i) + "\"}"), 200);
            });
            assertThat(stored(experimentId)).as("round %d", round).isEqualTo(fromScratch(experimentId, logIds));
        }
    }

    /** Config → "successes/failures" as stored. */
    private Map<String, String> stored(String experimentId) {
        Map<String, String> counts = new HashMap<>();
        nodes.database().jdbi().useHandle(h -> h.createQuery(
                        "SELECT config_id, successes, failures FROM experiment_configs WHERE experiment_id = :experiment")
                .bind("experiment", experimentId)
                .map((rs, ctx) -> counts.put(rs.getString("config_id"), rs.getLong("successes") + "/" + rs.getLong("failures")))
                .list());
        return counts;
    }

    /** Config → "successes/failures" counted now from each trial's current rating and the labels in force. */
    private Map<String, String> fromScratch(String experimentId, List<String> logIds) {
        Set<String> positive = new HashSet<>();
        JsonNode experiment = expect(b.get("/v4/projects/" + expect(b.get("/v4/logs/" + logIds.getFirst()), 200)
                .get("project_id").asText() + "/experiments"), 200).get(0);
        experiment.get("positive_labels").forEach(label -> positive.add(label.get("value").asText()));
        Map<String, long[]> counts = new HashMap<>();
        experiment.get("configs").forEach(config -> counts.put(config.get("id").asText(), new long[2]));
        for (String logId : logIds) {
            JsonNode log = expect(a.get("/v4/logs/" + logId), 200);
            for (JsonNode feedback : log.get("feedback")) {
                if (feedback.get("type").asText().equals("rating")) {
                    counts.get(log.get("config_id").asText())[positive.contains(feedback.get("value").asText()) ? 0 : 1]++;
                }
            }
        }
        Map<String, String> described = new HashMap<>();
        counts.forEach((config, count) -> described.put(config, count[0] + "/" + count[1]));
        return described;
    }
}
