package dev.openloop.server.store;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TwoNodes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two OpenLoop nodes on different ports, on one PostgreSQL database, as behind a load balancer:
 * whatever one does, the other sees, and racing requests through both end as one truth.
 */
class MultiNodeTest {
    /** How many times each race runs, each time on keys of its own. */
    private static final int ROUNDS = 30;

    private TwoNodes nodes;
    private TestServer a;
    private TestServer b;

    @BeforeEach
    void start() {
        nodes = TwoNodes.start(Map.of("OPENLOOP_EXPERIMENT_SEED", "1"), Map.of("OPENLOOP_EXPERIMENT_SEED", "2"));
        a = nodes.a();
        b = nodes.b();
    }

    @AfterEach
    void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    private static String chat(String extra) {
        return "{" + extra + (extra.isEmpty() ? "" : ",")
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"model_config\":{\"provider\":\"mock\",\"model\":\"m\"}}";
    }

    /** Runs {@code count} calls at once, alternating between the nodes, and returns their answers. */
    private <T> List<T> race(int count, java.util.function.BiFunction<TestServer, Integer, T> call) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                TestServer node = i % 2 == 0 ? a : b;
                Callable<T> task = () -> {
                    go.await();
                    return call.apply(node, index);
                };
                futures.add(executor.submit(task));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }

    @Test
    void aProjectCreatedThroughOneNodeIsUsedThroughTheOther() {
        String projectId = expect(a.post("/v4/projects", "{\"name\":\"shared\"}"), 201).get("id").asText();
        JsonNode answer = expect(b.post("/v4/chat", chat("\"project_id\":\"" + projectId + "\"")), 200);
        assertThat(answer.get("project_id").asText()).isEqualTo(projectId);
        assertThat(expect(a.get("/v4/projects/" + projectId), 200).get("data_count").asInt()).isEqualTo(1);
        String logId = answer.get("data").get(0).get("id").asText();
        assertThat(expect(a.get("/v4/logs/" + logId), 200).get("project_id").asText()).isEqualTo(projectId);
        expect(a.patch("/v4/projects/" + projectId, "{\"name\":\"renamed\"}"), 200);
        assertThat(expect(b.get("/v4/projects/" + projectId), 200).get("name").asText()).isEqualTo("renamed");
        assertThat(expect(b.post("/v4/chat", chat("\"project\":\"renamed\"")), 200).get("project_id").asText())
                .as("a name changed through one node is found through the other").isEqualTo(projectId);
    }

    @Test
    void bothNodesRegisteringTheSameConfigAtOnceEndWithOneId() throws Exception {
        // A race is won or lost by timing: run it many times, each with a config, project and
        // registry entry no node has seen, so that every round races for real.
        for (int round = 0; round < ROUNDS; round++) {
            String chat = """
                    {"project":"racing-configs-%d","messages":[{"role":"user","content":"hi"}],
                     "model_config":{"provider":"mock","model":"raced-%d","temperature":0.37}}""".formatted(round, round);
            List<JsonNode> answers = race(16, (node, i) -> expect(node.post("/v4/chat", chat), 200));
            Set<String> configIds = new HashSet<>();
            Set<String> projectIds = new HashSet<>();
            for (JsonNode answer : answers) {
                configIds.add(answer.get("data").get(0).get("model_config_id").asText());
                projectIds.add(answer.get("project_id").asText());
            }
            assertThat(configIds).as("round %d", round).hasSize(1);
            assertThat(projectIds).as("round %d: the project named in every request is created once", round).hasSize(1);

            String registration = "{\"project\":\"racing-registry-" + round + "\",\"model\":\"registered-" + round
                    + "\",\"provider\":\"mock\"}";
            List<JsonNode> registered = race(8, (node, i) -> expect(node.post("/v4/model-configs", registration), 200));
            assertThat(registered.stream().map(r -> r.get("config").get("id").asText()).distinct()).as("round %d", round).hasSize(1);
            String project = "racing-registry-" + round;
            int links = nodes.database().jdbi().withHandle(h -> h.createQuery(
                            "SELECT COUNT(*) FROM project_configs pc JOIN projects p ON p.id = pc.project_id WHERE p.name = :name")
                    .bind("name", project).mapTo(Integer.class).one());
            assertThat(links).as("round %d", round).isEqualTo(1);
        }
    }

    @Test
    void bothNodesOpeningTheSameSessionReferenceAtOnceEndWithOneSession() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String reference = "conversation-" + round;
            List<JsonNode> answers = race(16, (node, i) -> expect(node.post("/v4/chat",
                    chat("\"project\":\"sessions\",\"session_reference_id\":\"" + reference + "\"")), 200));
            Set<String> sessionIds = new HashSet<>();
            answers.forEach(answer -> sessionIds.add(answer.get("session_id").asText()));
            assertThat(sessionIds).as("round %d", round).hasSize(1);
            int sessions = nodes.database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT COUNT(*) FROM sessions WHERE reference_id = :reference").bind("reference", reference)
                    .mapTo(Integer.class).one());
            assertThat(sessions).as("round %d", round).isEqualTo(1);
            assertThat(expect(b.get("/v4/sessions/" + sessionIds.iterator().next()), 200).get("datapoints_count").asInt())
                    .as("round %d", round).isEqualTo(16);
        }
    }

    @Test
    void experimentStatisticsAgreeAndFeedbackThroughOneNodeMovesTheDrawsOfTheOther() {
        String projectId = expect(a.post("/v4/projects", "{\"name\":\"lab\"}"), 201).get("id").asText();
        String liked = expect(b.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"liked\"}"), 200).get("config").get("id").asText();
        String disliked = expect(a.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"disliked\"}"), 200).get("config").get("id").asText();
        String experimentId = expect(a.post("/v4/projects/" + projectId + "/experiments", """
                {"name":"across","positive_labels":[{"type":"rating","value":"good"}],"config_ids":["%s","%s"]}"""
                .formatted(liked, disliked)), 200).get("id").asText();

        for (int round = 0; round < 6; round++) {
            JsonNode drawn = expect(b.post("/v4/chat-experiment", "{\"experiment_id\":\"" + experimentId
                    + "\",\"num_samples\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 200);
            for (JsonNode item : drawn.get("data")) {
                boolean good = item.get("model_config_id").asText().equals(liked);
                expect(a.post("/v4/feedback", "{\"type\":\"rating\",\"value\":\"" + (good ? "good" : "bad")
                        + "\",\"data_id\":\"" + item.get("id").asText() + "\"}"), 200);
            }
            assertThat(statistics(a, projectId)).as("both nodes report the same statistics").isEqualTo(statistics(b, projectId));
        }
        JsonNode last = expect(b.post("/v4/chat-experiment", "{\"experiment_id\":\"" + experimentId
                + "\",\"num_samples\":40,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 200);
        long likedDraws = 0;
        for (JsonNode item : last.get("data")) {
            likedDraws += item.get("model_config_id").asText().equals(liked) ? 1 : 0;
        }
        assertThat(likedDraws).as("draws of the liked config served by the other node").isGreaterThanOrEqualTo(32);
    }

    @Test
    void feedbackRacingThroughBothNodesCountsEachTrialOnce() throws Exception {
        String projectId = expect(a.post("/v4/projects", "{\"name\":\"races\"}"), 201).get("id").asText();
        String one = expect(a.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"one\"}"), 200).get("config").get("id").asText();
        String two = expect(a.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"two\"}"), 200).get("config").get("id").asText();
        String experimentId = expect(a.post("/v4/projects/" + projectId + "/experiments", """
                {"name":"races","positive_labels":[{"type":"rating","value":"good"}],"config_ids":["%s","%s"]}"""
                .formatted(one, two)), 200).get("id").asText();
        JsonNode drawn = expect(b.post("/v4/chat-experiment", "{\"experiment_id\":\"" + experimentId
                + "\",\"num_samples\":12,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 200);
        List<String> logIds = new ArrayList<>();
        drawn.get("data").forEach(item -> logIds.add(item.get("id").asText()));

        // Each trial gets a "good" through one node and a "bad" through the other, at the same time.
        race(logIds.size() * 2, (node, i) -> expect(node.post("/v4/feedback", "{\"type\":\"rating\",\"value\":\""
                + (i % 2 == 0 ? "good" : "bad") + "\",\"data_id\":\"" + logIds.get(i / 2) + "\"}"), 200));

        Map<String, Integer> successes = new HashMap<>();
        Map<String, Integer> trials = new HashMap<>();
        for (String logId : logIds) {
            JsonNode log = expect(a.get("/v4/logs/" + logId), 200);
            String config = log.get("config_id").asText();
            trials.merge(config, 1, Integer::sum);
            if (log.get("feedback").get(0).get("value").asText().equals("good")) {
                successes.merge(config, 1, Integer::sum);
            }
        }
        JsonNode experiment = expect(b.get("/v4/projects/" + projectId + "/experiments"), 200).get(0);
        long counted = 0;
        for (JsonNode config : experiment.get("configs")) {
            String id = config.get("id").asText();
            int n = trials.getOrDefault(id, 0);
            int s = successes.getOrDefault(id, 0);
            counted += config.get("trials_count").asLong();
            assertThat(config.get("trials_count").asInt()).isEqualTo(n);
            assertThat(config.get("mean").asDouble()).as("config %s: %d of %d good", id, s, n).isEqualTo((1.0 + s) / (2.0 + n));
        }
        assertThat(counted).isEqualTo(logIds.size());
    }

    private static String statistics(TestServer node, String projectId) {
        JsonNode experiment = expect(node.get("/v4/projects/" + projectId + "/experiments"), 200).get(0);
        StringBuilder summary = new StringBuilder(experiment.get("status").asText());
        for (JsonNode config : experiment.get("configs")) {
            summary.append(' ').append(config.get("id").asText()).append(':').append(config.get("trials_count").asText())
                    .append('/').append(config.get("mean").asText()).append('/').append(config.get("spread").asText());
        }
        return summary.toString();
    }
}
