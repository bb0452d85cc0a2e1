package dev.openloop.server.http;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * Text is kept exactly or refused, on every store: a lone surrogate or a NUL character in any
 * string of any body, key or value, in a path or a query, is a 422 naming the place, before
 * anything is written or a provider is called; a number no double holds ({@code 1e400}) is a 422
 * where it stands. A surrogate pair (an emoji) is kept as sent.
 */
class StoredTextTest extends EveryStoreSuite {
    private static final String NUL = "\\u0000";
    private static final String LONE = "\\ud800";

    private static TestServer server;
    private static String projectId;
    private static String configId;
    private static String logId;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        server = TestServer.start(store);
        projectId = expect(server.post("/v4/projects", "{\"name\":\"text\"}"), 201).get("id").asText();
        configId = expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"m\"}"), 200).get("config").get("id").asText();
        logId = expect(server.post("/v4/logs", "{\"project_id\":\"" + projectId + "\",\"config_id\":\"" + configId
                + "\",\"output\":\"o\"}"), 200).get("id").asText();
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    /** The 422's problem at {@code loc}, as its type. */
    private static String typeAt(HttpResponse<String> response, List<Object> loc) {
        JsonNode detail = expect(response, 422).get("detail");
        for (JsonNode problem : detail) {
            if (TestServer.JSON.convertValue(problem.get("loc"), List.class).equals(loc)) {
                return problem.get("type").asText();
            }
        }
        throw new AssertionError("no problem at " + loc + ": " + response.body());
    }

    @Test
    void threeProjectNamesStayThreeAndTheTwoUnstorableOnesAreRefused() {
        assertThat(typeAt(server.post("/v4/projects", "{\"name\":\"a" + LONE + "b\"}"), List.of("body", "name")))
                .isEqualTo(StoredText.SURROGATE_TYPE);
        assertThat(typeAt(server.post("/v4/projects", "{\"name\":\"a\\udfffb\"}"), List.of("body", "name")))
                .isEqualTo(StoredText.SURROGATE_TYPE);
        assertThat(typeAt(server.post("/v4/projects", "{\"name\":\"a" + NUL + "b\"}"), List.of("body", "name")))
                .isEqualTo(StoredText.NUL_TYPE);
        expect(server.post("/v4/projects", "{\"name\":\"a?b\"}"), 201);
        assertThat(expect(server.get("/v4/projects?filter=a%3Fb"), 200).get("records")).hasSize(1);
    }

    @Test
    void aSurrogatePairIsKeptAsSent() {
        String id = expect(server.post("/v4/projects", "{\"name\":\"smile \\ud83d\\ude00\"}"), 201).get("id").asText();
        assertThat(expect(server.get("/v4/projects/" + id), 200).get("name").asText()).isEqualTo("smile \uD83D\uDE00");
    }

    @Test
    void everyBodyOfEveryRouteRefusesUnstorableText() {
        int logsBefore = server.logCount();
        String chat = "{\"project\":\"p" + NUL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"model_config\":{\"provider\":\"mock\",\"model\":\"m\"}}";
        assertThat(typeAt(server.post("/v4/chat", chat), List.of("body", "project"))).isEqualTo(StoredText.NUL_TYPE);
        String content = "{\"project\":\"text\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"x"
                + LONE + "\"}]}],\"model_config\":{\"provider\":\"mock\",\"model\":\"m\"}}";
        assertThat(typeAt(server.post("/v4/chat", content), List.of("body", "messages", 0, "content", 0, "text")))
                .isEqualTo(StoredText.SURROGATE_TYPE);
        assertThat(typeAt(server.post("/v4/chat-model-config", "{\"model_config_id\":\"" + configId
                + "\",\"session_reference_id\":\"s" + NUL + "\",\"messages\":[]}"), List.of("body", "session_reference_id")))
                .isEqualTo(StoredText.NUL_TYPE);
        assertThat(typeAt(server.post("/v4/chat-deployed", "{\"project_id\":\"" + projectId
                + "\",\"environment\":\"e" + NUL + "\",\"messages\":[]}"), List.of("body", "environment")))
                .isEqualTo(StoredText.NUL_TYPE);
        assertThat(typeAt(server.post("/v4/chat-experiment", "{\"experiment_id\":\"x" + LONE + "\",\"messages\":[]}"),
                List.of("body", "experiment_id"))).isEqualTo(StoredText.SURROGATE_TYPE);
        assertThat(typeAt(server.post("/v4/logs", "{\"project_id\":\"" + projectId + "\",\"config_id\":\"" + configId
                + "\",\"reference_id\":\"r" + NUL + "\"}"), List.of("body", "reference_id"))).isEqualTo(StoredText.NUL_TYPE);
        assertThat(typeAt(server.post("/v4/logs", "[{\"project_id\":\"" + projectId + "\",\"config_id\":\"" + configId
                + "\",\"inputs\":{\"q\":\"" + LONE + "\"}}]"), List.of("body", 0, "inputs", "q")))
                .isEqualTo(StoredText.SURROGATE_TYPE);
        assertThat(typeAt(server.patch("/v4/logs/" + logId, "{\"output\":\"o" + NUL + "\"}"), List.of("body", "output")))
                .isEqualTo(StoredText.NUL_TYPE);
        assertThat(typeAt(server.post("/v4/feedback", "{\"type\":\"rating" + NUL + "\",\"value\":\"good\",\"data_id\":\""
                + logId + "\"}"), List.of("body", "type"))).isEqualTo(StoredText.NUL_TYPE);
        assertThat(typeAt(server.patch("/v4/projects/" + projectId, "{\"name\":\"n" + LONE + "\"}"), List.of("body", "name")))
                .isEqualTo(StoredText.SURROGATE_TYPE);
        assertThat(typeAt(server.post("/v4/projects/" + projectId + "/feedback-types", "{\"type\":\"t" + NUL + "\"}"),
                List.of("body", "type"))).isEqualTo(StoredText.NUL_TYPE);
        assertThat(typeAt(server.post("/v4/model-configs", "{\"project\":\"p" + NUL + "\",\"model\":\"m\"}"),
                List.of("body", "project"))).isEqualTo(StoredText.NUL_TYPE);
        assertThat(typeAt(server.post("/v4/projects/" + projectId + "/experiments", "{\"name\":\"e" + NUL
                + "\",\"positive_labels\":[]}"), List.of("body", "name"))).isEqualTo(StoredText.NUL_TYPE);
        assertThat(typeAt(server.post("/v4/environments", "{\"name\":\"e" + LONE + "\"}"), List.of("body", "name")))
                .isEqualTo(StoredText.SURROGATE_TYPE);
        assertThat(server.logCount()).isEqualTo(logsBefore);
    }

    @Test
    void aKeyWithANulIsRefusedAtItsObject() {
        String body = "{\"project\":\"text\",\"metadata\":{\"k" + NUL + "\":1},\"messages\":[],"
                + "\"model_config\":{\"provider\":\"mock\",\"model\":\"m\"}}";
        assertThat(typeAt(server.post("/v4/chat", body), List.of("body", "metadata"))).isEqualTo(StoredText.NUL_TYPE);
    }

    @Test
    void aNulInAMessageIsRefusedBeforeTheProviderIsCalledOrALogWritten() {
        int before = server.logCount();
        String body = "{\"project\":\"text\",\"messages\":[{\"role\":\"user\",\"content\":\"a" + NUL + "b\"}],"
                + "\"model_config\":{\"provider\":\"mock\",\"model\":\"m\"}}";
        assertThat(typeAt(server.post("/v4/chat", body), List.of("body", "messages", 0, "content")))
                .isEqualTo(StoredText.NUL_TYPE);
        assertThat(server.logCount()).isEqualTo(before);
    }

    @Test
    void aNumberNoDoubleHoldsIsRefusedWhereItStands() {
        assertThat(typeAt(server.post("/v4/logs", "{\"project_id\":\"" + projectId + "\",\"config_id\":\"" + configId
                + "\",\"duration\":1e400}"), List.of("body", "duration"))).isEqualTo(CheckingParser.NOT_FINITE_TYPE);
        assertThat(typeAt(server.post("/v4/logs", "{\"project_id\":\"" + projectId + "\",\"config_id\":\"" + configId
                + "\",\"metadata\":{\"big\":-2e999}}"), List.of("body", "metadata", "big")))
                .isEqualTo(CheckingParser.NOT_FINITE_TYPE);
        assertThat(typeAt(server.post("/v4/chat", "{\"project\":\"text\",\"messages\":[],"
                + "\"model_config\":{\"provider\":\"mock\",\"model\":\"m\",\"temperature\":1" + "0".repeat(400) + "}}"),
                List.of("body", "model_config", "temperature"))).isEqualTo(CheckingParser.NOT_FINITE_TYPE);
        // A number a double holds only roughly, or an integer of any size in untyped JSON, is kept.
        expect(server.post("/v4/logs", "{\"project_id\":\"" + projectId + "\",\"config_id\":\"" + configId
                + "\",\"metadata\":{\"big\":1" + "0".repeat(400) + "},\"duration\":1e-400}"), 200);
    }

    @Test
    void aPathOrQueryThatDecodesToUnstorableTextIsRefused() {
        assertThat(typeAt(server.get("/v4/projects/pr_%00"), List.of("path"))).isEqualTo(StoredText.NUL_TYPE);
        assertThat(typeAt(server.get("/v4/logs/%ED%A0%80"), List.of("path"))).isEqualTo(StoredText.NUL_TYPE);
        assertThat(typeAt(server.get("/v4/logs?project_id=" + projectId + "&search=a%00"), List.of("query", "search")))
                .isEqualTo(StoredText.NUL_TYPE);
        assertThat(typeAt(server.get("/v4/projects?filter=%FF"), List.of("query", "filter"))).isEqualTo(StoredText.NUL_TYPE);
        expect(server.get("/v4/projects?filter=%C3%A9t%C3%A9"), 200);
    }
}
