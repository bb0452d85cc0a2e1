package dev.openloop.server.chatlog;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.Race;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * {@code POST /logs} with reference ids that clash, sent at once: one request wins, every other is
 * told the reference id is taken (409, with nothing of the database's own words), and a request is
 * stored whole or not at all.
 */
class LogReferenceRaceTest extends EveryStoreSuite {
    private static final int RACERS = 12;

    private static TestServer server;
    private static String projectId;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        server = TestServer.start(store);
        projectId = expect(server.post("/v4/projects", "{\"name\":\"references\"}"), 201).get("id").asText();
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    private static String item(String referenceId) {
        return "{\"project_id\":\"" + projectId + "\",\"config\":{\"model\":\"m\"},\"output\":\"x\",\"reference_id\":\"" + referenceId + "\"}";
    }

    private static int stored(String referenceId) {
        return server.database().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM logs WHERE reference_id = :ref")
                .bind("ref", referenceId).mapTo(Integer.class).one());
    }

    private static void assertOneWinnerAndConflicts(List<HttpResponse<String>> answers) {
        assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(200, 409);
        assertThat(answers).filteredOn(answer -> answer.statusCode() == 200).hasSize(1);
        for (HttpResponse<String> answer : answers) {
            if (answer.statusCode() == 409) {
                assertThat(answer.body()).contains("reference_id")
                        .doesNotContain("SQL", "INSERT", "Batch", "constraint", "CONSTRAINT", "org.", "projects", "logs.");
            }
        }
    }

    @Test
    void requestsWithTheSameReferenceIdAtOnceGetOneSuccessAndConflicts() throws Exception {
        for (int round = 0; round < 4; round++) {
            String referenceId = "same-" + round;
            assertOneWinnerAndConflicts(Race.of(RACERS, i -> server.post("/v4/logs", item(referenceId))));
            assertThat(stored(referenceId)).isEqualTo(1);
        }
    }

    @Test
    void anArrayIsStoredWholeOrNotAtAll() throws Exception {
        expect(server.post("/v4/logs", item("taken")), 200);
        assertThat(server.post("/v4/logs", "[" + item("fresh") + "," + item("taken") + "]").statusCode()).isEqualTo(409);
        assertThat(stored("fresh")).as("the item that did not clash").isZero();

        // Arrays racing on one shared reference id: only the winner's own items are stored.
        for (int round = 0; round < 4; round++) {
            String shared = "shared-" + round;
            int r = round;
            List<HttpResponse<String>> answers = Race.of(RACERS, i -> server.post("/v4/logs",
                    "[" + item("own-" + r + "-" + i) + "," + item(shared) + "]"));
            assertOneWinnerAndConflicts(answers);
            for (int i = 0; i < RACERS; i++) {
                assertThat(stored("own-" + r + "-" + i)).as("round %d, racer %d", r, i)
                        .isEqualTo(answers.get(i).statusCode() == 200 ? 1 : 0);
            }
        }
    }
}
