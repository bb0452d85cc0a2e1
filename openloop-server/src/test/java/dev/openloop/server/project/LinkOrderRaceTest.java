package dev.openloop.server.project;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.Race;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TwoNodes;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests that write the same rows named in a list (configs joining a project and an
 * experiment, deployments to environments), racing through two nodes on one PostgreSQL database
 * with the list in opposite orders. Written in the order given, each would hold a row the other
 * waits for, and PostgreSQL would end the deadlock by failing one (a 500); written in one order,
 * both succeed.
 */
class LinkOrderRaceTest {
    private static final int ROUNDS = 15;
    private static final int CONFIGS = 20;
    private static final int ENVIRONMENTS = 12;
    private static final String LABELS = "[{\"type\":\"rating\",\"value\":\"good\"}]";

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

    /** {@code count} configs no project of the race uses yet, registered with a project of their own. */
    private List<String> freshConfigs(String tag, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(expect(a.post("/v4/model-configs", "{\"project\":\"registry-" + tag + "\",\"provider\":\"mock\","
                    + "\"endpoint\":\"chat\",\"model\":\"" + tag + "-" + i + "\"}"), 200).get("config").get("id").asText());
        }
        return ids;
    }

    private String newProject(String name) {
        return expect(a.post("/v4/projects", "{\"name\":\"" + name + "\"}"), 201).get("id").asText();
    }

    private static String quoted(List<String> ids) {
        return ids.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    private static List<String> reversed(List<String> ids) {
        List<String> copy = new ArrayList<>(ids);
        Collections.reverse(copy);
        return copy;
    }

    /** The two requests of a race: the first through node a with {@code ids}, the second through node b reversed. */
    private List<HttpResponse<String>> race(java.util.function.BiFunction<TestServer, List<String>, HttpResponse<String>> call,
            List<String> ids) throws Exception {
        return Race.of(2, i -> i == 0 ? call.apply(a, ids) : call.apply(b, reversed(ids)));
    }

    private static void assertAllSucceeded(List<HttpResponse<String>> answers, int round) {
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).as("round %d: %s", round, answer.body()).isEqualTo(200);
        }
    }

    @Test
    void experimentsCreatedWithTheSameNewConfigsInOppositeOrdersBothSucceed() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String projectId = newProject("create-race-" + round);
            List<String> configs = freshConfigs("create-" + round, CONFIGS);
            List<HttpResponse<String>> answers = race((node, ids) -> node.post("/v4/projects/" + projectId + "/experiments",
                    "{\"name\":\"" + node.port() + "\",\"positive_labels\":" + LABELS + ",\"config_ids\":" + quoted(ids) + "}"),
                    configs);
            assertAllSucceeded(answers, round);
            int links = nodes.database().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM project_configs WHERE project_id = :p")
                    .bind("p", projectId).mapTo(Integer.class).one());
            assertThat(links).as("round %d", round).isEqualTo(CONFIGS);
        }
    }

    @Test
    void configsRegisteredWithOneExperimentInOppositeOrdersBothSucceed() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String projectId = newProject("register-race-" + round);
            String experimentId = expect(a.post("/v4/projects/" + projectId + "/experiments",
                    "{\"name\":\"register\",\"positive_labels\":" + LABELS + "}"), 200).get("id").asText();
            List<String> configs = freshConfigs("register-" + round, CONFIGS);
            List<HttpResponse<String>> answers = race((node, ids) -> node.patch("/v4/experiments/" + experimentId,
                    "{\"config_ids_to_register\":" + quoted(ids) + "}"), configs);
            assertAllSucceeded(answers, round);
            assertThat(expect(a.get("/v4/projects/" + projectId + "/experiments"), 200).get(0).get("configs"))
                    .as("round %d", round).hasSize(CONFIGS);
        }
    }

    @Test
    void aConfigDeployedToTheSameEnvironmentsInOppositeOrdersBothSucceed() throws Exception {
        List<String> environments = new ArrayList<>();
        for (int i = 0; i < ENVIRONMENTS; i++) {
            environments.add(expect(a.post("/v4/environments", "{\"name\":\"stage-" + i + "\"}"), 201).get("id").asText());
        }
        for (int round = 0; round < ROUNDS; round++) {
            // The config is the project's already, so that the deployments are all the two write.
            JsonNode registered = expect(a.post("/v4/model-configs", "{\"project\":\"deploy-race-" + round
                    + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"deployed-" + round + "\"}"), 200);
            String projectId = registered.get("project_id").asText();
            String config = registered.get("config").get("id").asText();
            List<HttpResponse<String>> answers = race((node, ids) -> node.patch("/v4/projects/" + projectId + "/deploy-config",
                    "{\"config_id\":\"" + config + "\",\"environments\":" + ids.stream().map(id -> "{\"id\":\"" + id + "\"}")
                            .collect(Collectors.joining(",", "[", "]")) + "}"), environments);
            assertAllSucceeded(answers, round);
            int deployed = nodes.database().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM deployments WHERE project_id = :p")
                    .bind("p", projectId).mapTo(Integer.class).one());
            assertThat(deployed).as("round %d: the listed environments and the default one", round).isEqualTo(ENVIRONMENTS + 1);
        }
    }
}
