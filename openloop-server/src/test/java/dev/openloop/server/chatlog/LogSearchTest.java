package dev.openloop.server.chatlog;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /v4/logs?search}: case-insensitive text search over inputs and output (spec §10.6). */
class LogSearchTest {
    private static TestServer server;
    private static String projectId;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        projectId = expect(server.post("/v4/projects", "{\"name\":\"search\"}"), 201).get("id").asText();
        log("{\"city\":\"Paris\"}", "plain answer");
        log("{}", "Needle in the output");
        log("{}", "100% sure");
        log("{}", "1000 sure");
        log("{}", "snake_case");
        log("{}", "snakeXcase");
        log("{}", "wow! a \\\\ backslash");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void log(String inputs, String output) {
        expect(server.post("/v4/logs", "{\"project_id\":\"" + projectId + "\",\"config\":{\"provider\":\"mock\",\"model\":\"m\"},"
                + "\"inputs\":" + inputs + ",\"output\":\"" + output + "\"}"), 200);
    }

    private static List<String> search(String term) {
        JsonNode page = expect(server.get("/v4/logs?project_id=" + projectId + "&search="
                + URLEncoder.encode(term, StandardCharsets.UTF_8)), 200);
        List<String> outputs = new ArrayList<>();
        page.get("records").forEach(log -> outputs.add(log.get("output").asText()));
        assertThat(page.get("total").asLong()).isEqualTo(outputs.size());
        return outputs;
    }

    @Test
    void searchFindsTextInTheOutputOrTheInputsIgnoringCase() {
        assertThat(search("NEEDLE")).containsExactly("Needle in the output");
        assertThat(search("paris")).containsExactly("plain answer");
        assertThat(search("nothing like this")).isEmpty();
    }

    @Test
    void wildcardsAndTheEscapeCharacterAreSearchedForAsThemselves() {
        assertThat(search("0%")).containsExactly("100% sure");
        assertThat(search("e_c")).containsExactly("snake_case");
        assertThat(search("wow!")).containsExactly("wow! a \\ backslash");
        assertThat(search("\\")).containsExactly("wow! a \\ backslash");
    }
}
