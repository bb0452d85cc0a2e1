package dev.openloop.server.project;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.Race;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * Renames racing to one name: the name is unique, so one wins and every other is told the name is
 * taken (409), never a 500, however close together they come.
 */
class RenameRaceTest extends EveryStoreSuite {
    private static final int RACERS = 8;
    private static final int ROUNDS = 5;

    private static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        server = TestServer.start(store);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    @Test
    void projectsRenamedToOneNameAtOnceGetOneSuccessAndConflicts() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                ids.add(expect(server.post("/v4/projects", "{\"name\":\"racer-" + round + "-" + i + "\"}"), 201).get("id").asText());
            }
            String target = "winner-" + round;
            List<Integer> statuses = Race.of(RACERS, i -> server.patch("/v4/projects/" + ids.get(i),
                    "{\"name\":\"" + target + "\"}").statusCode());
            assertThat(statuses).as("round %d", round).containsOnly(200, 409);
            assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
            assertThat(expect(server.get("/v4/projects?filter=" + target), 200).get("total").asInt()).isEqualTo(1);
        }
    }

    @Test
    void experimentsRenamedToOneNameAtOnceGetOneSuccessAndConflicts() throws Exception {
        String projectId = expect(server.post("/v4/projects", "{\"name\":\"rename-lab\"}"), 201).get("id").asText();
        for (int round = 0; round < ROUNDS; round++) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                ids.add(expect(server.post("/v4/projects/" + projectId + "/experiments", "{\"name\":\"racer-" + round + "-" + i
                        + "\",\"positive_labels\":[{\"type\":\"rating\",\"value\":\"good\"}]}"), 200).get("id").asText());
            }
            String target = "winner-" + round;
            List<Integer> statuses = Race.of(RACERS, i -> server.patch("/v4/experiments/" + ids.get(i),
                    "{\"name\":\"" + target + "\"}").statusCode());
            assertThat(statuses).as("round %d", round).containsOnly(200, 409);
            assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
        }
    }
}
