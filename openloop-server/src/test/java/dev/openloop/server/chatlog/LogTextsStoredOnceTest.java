package dev.openloop.server.chatlog;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.SseEvents;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * A log's large texts are stored once (issue #11, finding 4: one message was stored in
 * {@code messages}, {@code provider_request}, {@code output}, {@code raw_output},
 * {@code output_message} and {@code provider_response}), and read back exactly as written.
 * Stored size is measured as the characters of a log's text columns.
 */
class LogTextsStoredOnceTest extends EveryStoreSuite {
    private static final int MESSAGE_CHARS = 200_000;
    /** What a log holds besides its texts: ids, JSON punctuation, field names, references. */
    private static final int OVERHEAD_CHARS = 4_000;

    private static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        server = TestServer.start(store);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    private static String bigText(String seed) {
        StringBuilder text = new StringBuilder(MESSAGE_CHARS);
        for (int i = 0; text.length() < MESSAGE_CHARS; i++) {
            text.append(seed).append(' ').append(i).append(" \"quoted\" \\ ");
        }
        // The mock answers the prompt trimmed; so that its answer holds the prompt as it is, it has no spaces to trim.
        return text.toString().strip();
    }

    /**
     * The characters stored for log {@code id} beyond one copy of its prompt and its output: its
     * text columns and the references between them, less its messages and output columns.
     */
    private static long storedChars(String id) {
        return server.database().withHandle(h -> h.createQuery("""
                        SELECT COALESCE(LENGTH(messages), 0) + COALESCE(LENGTH(output), 0) + COALESCE(LENGTH(raw_output), 0)
                            + COALESCE(LENGTH(output_message), 0) + COALESCE(LENGTH(provider_request), 0)
                            + COALESCE(LENGTH(provider_response), 0) + COALESCE(LENGTH(inputs), 0)
                            + COALESCE(LENGTH(request_refs), 0) + COALESCE(LENGTH(output_refs), 0)
                            - LENGTH(messages) - LENGTH(output)
                        FROM logs WHERE id = :id""")
                .bind("id", id)
                .mapTo(Long.class)
                .one());
    }

    private static Map<String, Object> chat(String message, boolean stream, int samples) {
        return Map.of(
                "project", "stored-once",
                "stream", stream,
                "num_samples", samples,
                "messages", List.of(Map.of("role", "system", "content", "Be brief."), Map.of("role", "user", "content", message)),
                "model_config", Map.of("provider", "mock", "model", "mock-1"));
    }

    @Test
    void aChatsPromptAndOutputAreEachStoredOnceAndReadBackWhole() {
        String message = bigText("chat");
        String output = "Mock response to: " + message;
        JsonNode answer = expect(server.postJson("/v4/chat", chat(message, false, 2)), 200);
        for (JsonNode sample : answer.get("data")) {
            String id = sample.get("id").asText();
            assertThat(storedChars(id)).as("beyond one prompt and one output").isLessThan(OVERHEAD_CHARS);

            JsonNode log = expect(server.get("/v4/logs/" + id), 200);
            assertThat(log.get("messages").get(1).get("content").asText()).isEqualTo(message);
            assertThat(log.get("output").asText()).isEqualTo(output);
            assertThat(log.get("raw_output").asText()).isEqualTo(output);
            assertThat(log.get("output_message").get("content").asText()).isEqualTo(output);
            assertThat(log.get("provider_request").get("messages").get(1).get("content").asText()).isEqualTo(message);
            assertThat(log.get("provider_request").get("messages").get(0).get("content").asText()).isEqualTo("Be brief.");
            assertThat(log.get("provider_response").get("text").asText()).as("the mock's one text for every sample")
                    .isEqualTo(output);
            assertThat(log.get("provider_response")).isEqualTo(answer.get("provider_responses").get(0));
            assertThat(log.get("provider_request")).isEqualTo(answer.get("provider_request"));
        }
    }

    @Test
    void aStreamedLogKeepsItsTextsOnceToo() {
        String message = bigText("stream");
        String output = "Mock response to: " + message;
        List<JsonNode> events = SseEvents.data(server.post("/v4/chat", TestServer.JSON.valueToTree(chat(message, true, 1)).toString()).body());
        String id = events.getFirst().get("data").get(0).get("id").asText();
        JsonNode log = expect(server.get("/v4/logs/" + id), 200);
        assertThat(log.get("status").asText()).isEqualTo("complete");
        assertThat(log.get("raw_output").asText()).isEqualTo(output);
        assertThat(log.get("output_message").get("content").asText()).isEqualTo(output);
        assertThat(log.get("provider_request").get("messages").get(1).get("content").asText()).isEqualTo(message);
        long requestAndMessage = server.database().withHandle(h -> h.createQuery(
                        "SELECT COALESCE(LENGTH(provider_request), 0) + COALESCE(LENGTH(output_message), 0) FROM logs WHERE id = :id")
                .bind("id", id).mapTo(Long.class).one());
        assertThat(requestAndMessage).as("the request and the output message refer to the prompt and the output").isLessThan(OVERHEAD_CHARS);
    }

    @Test
    void aPostedLogKeepsItsTextsOnceAndACorrectedOutputLeavesTheOthersAsTheyWere() {
        String message = bigText("posted");
        String output = "  " + bigText("answer") + "\n";
        Map<String, Object> body = Map.of(
                "project", "stored-once",
                "config", Map.of("provider", "openai", "model", "gpt-4o"),
                "messages", List.of(Map.of("role", "user", "content", message)),
                "output_message", Map.of("role", "assistant", "content", output),
                "output", output,
                "provider_request", Map.of("model", "gpt-4o", "messages", List.of(Map.of("role", "user", "content", message))),
                "provider_response", Map.of("choices", List.of(Map.of("message", Map.of("role", "assistant", "content", output)))));
        String id = expect(server.postJson("/v4/logs", body), 200).get("id").asText();
        assertThat(storedChars(id)).as("beyond one prompt and one output").isLessThan(OVERHEAD_CHARS);

        JsonNode log = expect(server.get("/v4/logs/" + id), 200);
        assertThat(log.get("output").asText()).isEqualTo(output.strip());
        assertThat(log.get("raw_output").asText()).isEqualTo(output);
        assertThat(log.get("output_message").get("content").asText()).isEqualTo(output);
        assertThat(log.get("provider_response").get("choices").get(0).get("message").get("content").asText()).isEqualTo(output);

        expect(server.patch("/v4/logs/" + id, "{\"output\":\"corrected\"}"), 200);
        JsonNode corrected = expect(server.get("/v4/logs/" + id), 200);
        assertThat(corrected.get("output").asText()).isEqualTo("corrected");
        assertThat(corrected.get("raw_output").asText()).isEqualTo("corrected");
        assertThat(corrected.get("output_message")).isEqualTo(log.get("output_message"));
        assertThat(corrected.get("provider_response")).isEqualTo(log.get("provider_response"));
        assertThat(corrected.get("provider_request")).isEqualTo(log.get("provider_request"));
    }
}
