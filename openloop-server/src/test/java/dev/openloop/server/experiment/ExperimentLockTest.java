package dev.openloop.server.experiment;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.store.Dialect;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL, the lock that serialises the writers of an experiment's counts (feedback on its
 * trials, new labels, deleted logs) is held while another transaction draws from the experiment
 * or adds a config to it: those only insert rows pointing at the experiment, and must not wait.
 */
class ExperimentLockTest {
    /** Far less than a held lock would make a request wait: until the test ends it. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

    private TestServer server;
    private String projectId;
    private String experimentId;

    @BeforeEach
    void start() {
        server = TestServer.start(TestStore.POSTGRESQL);
        projectId = expect(server.post("/v4/projects", "{\"name\":\"locks\"}"), 201).get("id").asText();
        String config = register("locked");
        experimentId = expect(server.post("/v4/projects/" + projectId + "/experiments", """
                {"name":"locks","positive_labels":[{"type":"rating","value":"good"}],"config_ids":["%s"]}"""
                .formatted(config)), 200).get("id").asText();
        expect(server.patch("/v4/projects/" + projectId + "/deploy-config", "{\"experiment_id\":\"" + experimentId + "\"}"), 200);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String register(String model) {
        return expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"" + model + "\"}"), 200).get("config").get("id").asText();
    }

    private HttpResponse<String> send(String method, String path, String body) {
        return server.send(HttpRequest.newBuilder(server.uri(path))
                .header("X-API-KEY", TestServer.API_KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .timeout(ANSWER_WITHIN)
                .build());
    }

    @Test
    void drawsAndNewConfigsGoOnWhileTheCountsOfTheExperimentAreLocked() {
        String added = register("added");
        server.database().useTransaction(h -> {
            new TrialOutcomes(Dialect.POSTGRESQL).lockExperiments(h, List.of(experimentId));

            assertThat(send("GET", "/v4/experiments/" + experimentId + "/model-config", null).statusCode())
                    .as("a sampled draw, recorded in trials").isEqualTo(200);
            assertThat(send("GET", "/v4/projects/" + projectId + "/active-config", null).statusCode())
                    .as("a draw of the deployed experiment, recorded in trials").isEqualTo(200);
            assertThat(send("PATCH", "/v4/experiments/" + experimentId, "{\"config_ids_to_register\":[\"" + added + "\"]}")
                    .statusCode()).as("a config joining the experiment").isEqualTo(200);
        });
    }
}
