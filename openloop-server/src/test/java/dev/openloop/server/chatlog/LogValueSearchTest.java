package dev.openloop.server.chatlog;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * {@code GET /v4/logs?search} finds logs by the values of their messages, inputs, output and
 * metadata, never by the JSON they are stored as, and ignores case in every script (issue #11,
 * finding 7). Each log's {@code source} names it, so that a search's answer reads as the set of
 * logs found.
 */
class LogValueSearchTest extends EveryStoreSuite {
    private static TestServer server;
    private static String projectId;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        server = TestServer.start(store);
        projectId = expect(server.post("/v4/projects", "{\"name\":\"value-search\"}"), 201).get("id").asText();
        log("city", Map.of("inputs", Map.of("city", "Paris")));
        log("quote", Map.of("inputs", Map.of("said", "she said \"yes\" twice")));
        log("path", Map.of("inputs", Map.of("file", "C:\\temp\\notes.txt")));
        log("message", Map.of("messages", List.of(Map.of("role", "user", "content", "The quick brown fox"))));
        log("parts", Map.of("messages", List.of(Map.of("role", "user", "content",
                List.of(Map.of("type", "text", "text", "a part about lighthouses"))))));
        log("metadata", Map.of("metadata", Map.of("customer", "Acme Corporation", "tier", 3)));
        log("unicode", Map.of("output", "ÉCOLE, Straße, ПРИВЕТ, ΟΔΟΣ"));
        log("plain", Map.of("output", "nothing special here"));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    private static void log(String name, Map<String, Object> fields) {
        Map<String, Object> body = new java.util.HashMap<>(fields);
        body.put("project_id", projectId);
        body.put("source", name);
        body.put("config", Map.of("provider", "mock", "model", "m"));
        expect(server.postJson("/v4/logs", body), 200);
    }

    private static List<String> search(String term) {
        JsonNode page = expect(server.get("/v4/logs?project_id=" + projectId + "&search="
                + URLEncoder.encode(term, StandardCharsets.UTF_8)), 200);
        List<String> sources = new ArrayList<>();
        page.get("records").forEach(log -> sources.add(log.get("source").asText()));
        assertThat(page.get("total").asLong()).as("total of %s", term).isEqualTo(sources.size());
        return sources;
    }

    @Test
    void theStoredJsonIsNotSearched() {
        assertThat(search(":")).as("':' is in no value but C:\\temp").containsExactly("path");
        assertThat(search("{")).isEmpty();
        assertThat(search("\"said\"")).isEmpty();
        assertThat(search("city")).as("a key, not a value").isEmpty();
        assertThat(search("customer")).isEmpty();
        assertThat(search("role")).isEmpty();
    }

    @Test
    void valuesWithQuotesAndBackslashesAreFound() {
        assertThat(search("\"yes\"")).containsExactly("quote");
        assertThat(search("said \"y")).containsExactly("quote");
        assertThat(search("\\temp\\")).containsExactly("path");
        assertThat(search("\\")).containsExactly("path");
    }

    @Test
    void messagesInputsOutputsAndMetadataValuesAreSearched() {
        assertThat(search("brown fox")).containsExactly("message");
        assertThat(search("lighthouse")).containsExactly("parts");
        assertThat(search("paris")).containsExactly("city");
        assertThat(search("acme corp")).containsExactly("metadata");
        assertThat(search("special")).containsExactly("plain");
    }

    @Test
    void caseIsIgnoredInEveryScript() {
        assertThat(search("école")).containsExactly("unicode");
        assertThat(search("привет")).containsExactly("unicode");
        assertThat(search("STRASSE")).as("ß is ss in capitals").containsExactly("unicode");
        assertThat(search("οδος")).as("a final sigma is a sigma").containsExactly("unicode");
        assertThat(search("É")).as("a single letter").containsExactly("unicode");
        assertThat(search("é")).containsExactly("unicode");
    }

    @Test
    void aLogsOwnPageIsUnchangedBySearch() {
        JsonNode page = expect(server.get("/v4/logs?project_id=" + projectId + "&search=quote"), 200);
        assertThat(page.get("records")).isEmpty();
        JsonNode found = expect(server.get("/v4/logs?project_id=" + projectId + "&search=yes"), 200).get("records").get(0);
        JsonNode whole = expect(server.get("/v4/logs/" + found.get("id").asText()), 200);
        assertThat(whole.get("inputs").get("said").asText()).isEqualTo("she said \"yes\" twice");
    }

    @Test
    void aStreamsOutputACorrectedOutputAndADeletedLogAreSearchedAsTheyStand() {
        String body = "{\"project\":\"value-search-streams\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Zebra crossing\"}],\"model_config\":{\"provider\":\"mock\",\"model\":\"m\"}}";
        JsonNode first = dev.openloop.server.testing.SseEvents.data(server.post("/v4/chat", body).body()).getFirst();
        String id = first.get("data").get(0).get("id").asText();
        String project = first.get("project_id").asText();
        assertThat(count(project, "response to: zebra")).as("the streamed output").isEqualTo(1);

        expect(server.patch("/v4/logs/" + id, "{\"output\":\"A KANGAROO\"}"), 200);
        assertThat(count(project, "kangaroo")).isEqualTo(1);
        assertThat(count(project, "response to")).as("the output it replaced").isZero();
        assertThat(count(project, "zebra")).as("the message stays").isEqualTo(1);

        expect(server.delete("/v4/logs?id=" + id), 204);
        assertThat(count(project, "zebra")).isZero();
    }

    private static int count(String project, String term) {
        return expect(server.get("/v4/logs?project_id=" + project + "&search="
                + URLEncoder.encode(term, StandardCharsets.UTF_8)), 200).get("total").asInt();
    }
}
