package dev.openloop.server.chatlog;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * Lists of logs answer each text as a bounded preview, marked as one, and the log's own page
 * answers it whole (issue #11, finding 4: listing 8 logs of a 19 MB message was a 651 MB answer).
 */
class LogListPreviewTest extends EveryStoreSuite {
    private static final int TEXT_CHARS = 100_000;
    private static final int LOGS = 8;

    private static TestServer server;
    private static String projectId;
    private static String message;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        server = TestServer.start(store);
        message = "é".repeat(TEXT_CHARS / 2) + "a".repeat(TEXT_CHARS / 2);
        for (int i = 0; i < LOGS; i++) {
            JsonNode answer = expect(server.postJson("/v4/chat", Map.of(
                    "project", "previews",
                    "inputs", Map.of("document", message),
                    "metadata", Map.of("note", message),
                    "messages", List.of(Map.of("role", "user", "content", message)),
                    "model_config", Map.of("provider", "mock", "model", "mock-1"))), 200);
            projectId = answer.get("project_id").asText();
        }
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    @Test
    void aListingAnswersPreviewsOfBoundedSize() {
        HttpResponse<String> listing = server.get("/v4/logs?project_id=" + projectId + "&size=" + LOGS);
        JsonNode page = expect(listing, 200);
        assertThat(page.get("records")).hasSize(LOGS);
        assertThat(page.get("total").asInt()).isEqualTo(LOGS);
        assertThat(listing.body().length()).as("the whole listing, against %s characters of text per log", 7 * TEXT_CHARS)
                .isLessThan(LOGS * 20_000);
        for (JsonNode log : page.get("records")) {
            assertPreview(log.get("output").asText());
            assertPreview(log.get("raw_output").asText());
            assertPreview(log.get("messages").get(0).get("content").asText());
            assertPreview(log.get("output_message").get("content").asText());
            assertPreview(log.get("inputs").get("document").asText());
            assertPreview(log.get("metadata").get("note").asText());
            assertPreview(log.get("provider_request").get("messages").get(0).get("content").asText());
            assertPreview(log.get("provider_response").get("text").asText());
            assertThat(log.get("config").get("model").asText()).isEqualTo("mock-1");

            JsonNode whole = expect(server.get("/v4/logs/" + log.get("id").asText()), 200);
            assertThat(whole.get("messages").get(0).get("content").asText()).isEqualTo(message);
            assertThat(whole.get("output").asText()).isEqualTo("Mock response to: " + message);
            assertThat(whole.get("inputs").get("document").asText()).isEqualTo(message);
        }
    }

    @Test
    void aProjectsExportAnswersPreviewsToo() {
        HttpResponse<String> export = server.post("/v4/projects/" + projectId + "/export?size=" + LOGS, "");
        JsonNode page = expect(export, 200);
        assertThat(page.get("records")).hasSize(LOGS);
        assertThat(export.body().length()).isLessThan(LOGS * 20_000);
        assertPreview(page.get("records").get(0).get("messages").get(0).get("content").asText());
    }

    @Test
    void shortTextsAreListedWhole() {
        String id = expect(server.postJson("/v4/logs", Map.of("project_id", projectId, "output", "short and whole",
                "config", Map.of("provider", "mock", "model", "m"))), 200).get("id").asText();
        JsonNode page = expect(server.get("/v4/logs?project_id=" + projectId + "&search=short%20and"), 200);
        assertThat(page.get("records").get(0).get("id").asText()).isEqualTo(id);
        assertThat(page.get("records").get(0).get("output").asText()).isEqualTo("short and whole");
        expect(server.delete("/v4/logs?id=" + id), 204);
    }

    @Test
    void aListOfSessionsAnswersTheirFirstInputsAndLastOutputAsPreviews() {
        String text = "s".repeat(TEXT_CHARS);
        expect(server.postJson("/v4/logs", Map.of("project", "previews-sessions", "session_reference_id", "previewed",
                "inputs", Map.of("document", text), "output", text,
                "config", Map.of("provider", "mock", "model", "m"))), 200);
        String project = expect(server.get("/v4/projects?filter=previews-sessions"), 200).get("records").get(0).get("id").asText();
        JsonNode session = expect(server.get("/v4/sessions?project_id=" + project), 200).get("records").get(0);
        assertPreview(session.get("first_inputs").get("document").asText());
        assertPreview(session.get("last_output").asText());
        JsonNode whole = expect(server.get("/v4/sessions/" + session.get("id").asText()), 200);
        assertThat(whole.get("last_output").asText()).isEqualTo(text);
        assertThat(whole.get("first_inputs").get("document").asText()).isEqualTo(text);
    }

    private static void assertPreview(String text) {
        assertThat(text).hasSizeLessThan(LogPreviews.PREVIEW_CHARS + 100)
                .contains("…[preview: " + LogPreviews.PREVIEW_CHARS + " of ");
    }
}
