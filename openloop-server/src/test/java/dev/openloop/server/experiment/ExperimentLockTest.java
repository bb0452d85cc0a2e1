package dev.openloop.server.experiment;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.chatlog.LogStore;
import dev.openloop.server.store.Dialect;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL, the lock that serialises the writers of an experiment's counts (feedback on its
 * trials, new labels, deleted logs) is held while another transaction draws from the experiment
 * or adds a config to it: those only insert rows pointing at the experiment, and must not wait.
 * Every writer of counts does wait for it: seen in PostgreSQL's own account of who blocks whom,
 * so that no writer can change counts another is changing (a lost update).
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
            new TrialOutcomes(Dialect.POSTGRESQL, new LogStore(server.database(), Dialect.POSTGRESQL)).lockExperiments(h, List.of(experimentId));

            assertThat(send("GET", "/v4/experiments/" + experimentId + "/model-config", null).statusCode())
                    .as("a sampled draw, recorded in trials").isEqualTo(200);
            assertThat(send("GET", "/v4/projects/" + projectId + "/active-config", null).statusCode())
                    .as("a draw of the deployed experiment, recorded in trials").isEqualTo(200);
            assertThat(send("PATCH", "/v4/experiments/" + experimentId, "{\"config_ids_to_register\":[\"" + added + "\"]}")
                    .statusCode()).as("a config joining the experiment").isEqualTo(200);
        });
    }

    /** A chat drawn from the experiment, its one log given feedback that counts: a trial counted as a success. */
    private String countedTrial() {
        String logId = expect(server.post("/v4/chat-experiment", "{\"experiment_id\":\"" + experimentId
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 200).get("data").get(0).get("id").asText();
        rate(logId, "good");
        assertThat(trialsCounted()).isEqualTo(1);
        return logId;
    }

    private HttpResponse<String> rate(String logId, String value) {
        return server.post("/v4/feedback", "{\"type\":\"rating\",\"value\":\"" + value + "\",\"data_id\":\"" + logId + "\"}");
    }

    private long trialsCounted() {
        JsonNode experiment = expect(server.get("/v4/projects/" + projectId + "/experiments"), 200).get(0);
        long trials = 0;
        for (JsonNode config : experiment.get("configs")) {
            trials += config.get("trials_count").asLong();
        }
        return trials;
    }

    /**
     * Sends {@code request} while this test holds the experiment's lock, and checks that it waits
     * for it: PostgreSQL names this test's transaction among those blocking another backend before
     * the request can end. Once the lock is let go, the request ends with {@code status}.
     */
    private void waitsForTheExperimentsLock(Supplier<HttpResponse<String>> request, int status) throws Exception {
        CompletableFuture<HttpResponse<String>> answer;
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            answer = server.database().inTransaction(h -> {
                new TrialOutcomes(Dialect.POSTGRESQL, new LogStore(server.database(), Dialect.POSTGRESQL)).lockExperiments(h, List.of(experimentId));
                CompletableFuture<HttpResponse<String>> sent = CompletableFuture.supplyAsync(request, executor);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!blocksAnother(h)) {
                    if (sent.isDone()) {
                        fail("answered while the experiment's lock was held: " + sent.join().body());
                    }
                    if (System.nanoTime() > deadline) {
                        fail("the request neither waited for the lock nor ended");
                    }
                    Thread.sleep(10);
                }
                return sent;
            });
            assertThat(answer.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(status);
        }
    }

    private static boolean blocksAnother(Handle h) {
        return h.createQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))")
                .mapTo(Integer.class).one() > 0;
    }

    @Test
    void deletingTrialLogsWaitsForTheLockOfTheirExperiment() throws Exception {
        String logId = countedTrial();
        waitsForTheExperimentsLock(() -> server.delete("/v4/logs?id=" + logId), 204);
        assertThat(trialsCounted()).isZero();
    }

    @Test
    void deletingAProjectWaitsForTheLockOfAnotherProjectsExperimentItsLogsAreTrialsOf() throws Exception {
        String logId = countedTrial();
        String older = expect(server.post("/v4/projects", "{\"name\":\"older\"}"), 201).get("id").asText();
        server.database().useHandle(h -> h.createUpdate("UPDATE logs SET project_id = :project WHERE id = :id")
                .bind("project", older).bind("id", logId).execute());
        waitsForTheExperimentsLock(() -> server.delete("/v4/projects/" + older), 204);
        assertThat(trialsCounted()).isZero();
    }

    @Test
    void feedbackOnATrialWaitsForTheLockOfItsExperiment() throws Exception {
        String logId = countedTrial();
        waitsForTheExperimentsLock(() -> rate(logId, "bad"), 200);
        JsonNode config = expect(server.get("/v4/projects/" + projectId + "/experiments"), 200).get(0).get("configs").get(0);
        assertThat(config.get("trials_count").asLong()).isEqualTo(1);
        assertThat(config.get("mean").asDouble()).as("one failure").isEqualTo(1.0 / 3.0);
    }

    @Test
    void newPositiveLabelsWaitForTheLockOfTheExperiment() throws Exception {
        countedTrial();
        waitsForTheExperimentsLock(() -> server.patch("/v4/experiments/" + experimentId,
                "{\"positive_labels\":[{\"type\":\"rating\",\"value\":\"bad\"}]}"), 200);
        JsonNode config = expect(server.get("/v4/projects/" + projectId + "/experiments"), 200).get(0).get("configs").get(0);
        assertThat(config.get("mean").asDouble()).as("the trial recounted as a failure").isEqualTo(1.0 / 3.0);
    }
}
