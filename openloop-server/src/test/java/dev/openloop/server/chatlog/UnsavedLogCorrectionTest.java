package dev.openloop.server.chatlog;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A log stored with {@code save: false} keeps no text of its caller's when it is corrected later ({@link LogSaving}). */
class UnsavedLogCorrectionTest {
    private static TestServer server;
    private static String projectId;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        projectId = expect(server.post("/v4/projects", "{\"name\":\"unsaved\"}"), 201).get("id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String unsavedLog(String referenceId) {
        return expect(server.post("/v4/logs", "{\"project_id\":\"" + projectId + "\",\"config\":{\"model\":\"m\"},"
                + "\"save\":false,\"reference_id\":\"" + referenceId + "\",\"output\":\"first-9c1\"}"), 200).get("id").asText();
    }

    @Test
    void aCorrectionByIdKeepsNeitherTheOutputNorTheErrorsMessage() {
        String id = unsavedLog("unsaved-by-id");
        JsonNode corrected = expect(server.patch("/v4/logs/" + id,
                "{\"output\":\"later-output-9c1\",\"error\":\"prompt was: later-error-9c1\",\"duration\":2.5}"), 200);
        assertThat(corrected.get("output").isNull()).isTrue();
        assertThat(corrected.get("error").asText()).as("who failed, without the message").isEqualTo(LogSaving.UNSAVED_ERROR);
        assertThat(corrected.get("duration").asDouble()).as("what is not the caller's text is kept").isEqualTo(2.5);
        assertThat(server.databaseHolds("later-output-9c1")).isFalse();
        assertThat(server.databaseHolds("later-error-9c1")).isFalse();
    }

    @Test
    void aCorrectionByReferenceIdKeepsNoOutput() {
        unsavedLog("unsaved-by-reference");
        expect(server.patch("/v4/logs?reference_id=unsaved-by-reference", "{\"output\":\"by-reference-9c1\"}"), 200);
        assertThat(server.databaseHolds("by-reference-9c1")).isFalse();
        assertThat(server.databaseHolds("first-9c1")).isFalse();
    }
}
