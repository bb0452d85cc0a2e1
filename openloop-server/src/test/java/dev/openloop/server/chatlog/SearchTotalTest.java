package dev.openloop.server.chatlog;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v4/logs?search=}'s {@code total} is counted up to 1,000 past the page's end (docs/api.md,
 * "Searching logs"): a lower bound while more match, exact near the end, and always enough to
 * tell whether a next page exists.
 */
class SearchTotalTest {
    private static final int MATCHING = 1_200;
    private static TestServer server;
    private static String projectId;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        projectId = expect(server.post("/v4/projects", "{\"name\":\"totals\"}"), 201).get("id").asText();
        for (int request = 0; request < 2; request++) {
            StringBuilder items = new StringBuilder("[");
            for (int i = 0; i < MATCHING / 2; i++) {
                items.append(i == 0 ? "" : ",").append("{\"project_id\":\"").append(projectId)
                        .append("\",\"config\":{\"provider\":\"mock\",\"model\":\"m\"},\"output\":\"a common word\"}");
            }
            expect(server.post("/v4/logs", items.append("]").toString()), 200);
        }
        expect(server.post("/v4/logs", "{\"project_id\":\"" + projectId
                + "\",\"config\":{\"provider\":\"mock\",\"model\":\"m\"},\"output\":\"something else\"}"), 200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode page(String query) {
        return expect(server.get("/v4/logs?project_id=" + projectId + "&" + query), 200);
    }

    @Test
    void aSearchCountsAThousandPastThePageAndNoFurther() {
        JsonNode first = page("search=common&page=0&size=50");
        assertThat(first.get("records")).hasSize(50);
        assertThat(first.get("total").asLong()).as("a lower bound").isEqualTo(50 + 1_000);
        assertThat(page("search=common&page=2&size=50").get("total").asLong()).isEqualTo(150 + 1_000);
    }

    @Test
    void nearTheLastMatchTheTotalIsExact() {
        assertThat(page("search=common&page=4&size=50").get("total").asLong()).as("1,000 past page 4's end is the last")
                .isEqualTo(MATCHING);
        JsonNode last = page("search=common&page=23&size=50");
        assertThat(last.get("records")).hasSize(50);
        assertThat(last.get("total").asLong()).isEqualTo(MATCHING);
        assertThat(page("search=common&page=24&size=50").get("records")).isEmpty();
    }

    @Test
    void withoutASearchTheTotalIsExact() {
        assertThat(page("page=0&size=10").get("total").asLong()).isEqualTo(MATCHING + 1);
    }
}
