package dev.openloop.server.feedback;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v4/feedback} (spec §10.7). */
class FeedbackEndpointsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String chatLog() {
        return expect(server.post("/v4/chat", "{\"project\":\"fb\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"model_config\":{\"provider\":\"mock\",\"model\":\"m\"}}"), 200).get("data").get(0).get("id").asText();
    }

    @Test
    void oneOrManyAnsweredInTheSameShape() {
        String logId = chatLog();
        JsonNode one = expect(server.post("/v4/feedback", "{\"type\":\"rating\",\"value\":\"good\",\"data_id\":\"" + logId
                + "\",\"user\":\"ada@example.com\",\"provider_api_keys\":{}}"), 200);
        assertThat(one.get("id").asText()).startsWith("ann_");
        assertThat(one.get("type").asText()).isEqualTo("rating");
        assertThat(one.get("value").asText()).isEqualTo("good");
        assertThat(one.get("data_id").asText()).isEqualTo(logId);
        assertThat(one.get("user").asText()).isEqualTo("ada@example.com");
        JsonNode many = expect(server.post("/v4/feedback", "[{\"type\":\"action\",\"value\":\"copied\",\"data_id\":\"" + logId
                + "\"},{\"type\":\"comment\",\"value\":\"Helpful\",\"data_id\":\"" + logId + "\"}]"), 200);
        assertThat(many.isArray()).isTrue();
        assertThat(many).hasSize(2);
        JsonNode current = expect(server.get("/v4/logs/" + logId), 200).get("feedback");
        assertThat(current).hasSize(3);
    }

    @Test
    void theLatestOfATypeIsCurrentAndUnsetClearsIt() {
        String logId = chatLog();
        expect(server.post("/v4/feedback", "{\"type\":\"rating\",\"value\":\"good\",\"data_id\":\"" + logId + "\"}"), 200);
        expect(server.post("/v4/feedback", "{\"type\":\"rating\",\"value\":\"bad\",\"data_id\":\"" + logId + "\"}"), 200);
        JsonNode feedback = expect(server.get("/v4/logs/" + logId), 200).get("feedback");
        assertThat(feedback).hasSize(1);
        assertThat(feedback.get(0).get("value").asText()).isEqualTo("bad");
        JsonNode unset = expect(server.post("/v4/feedback", "{\"type\":\"rating\",\"unset\":true,\"data_id\":\"" + logId + "\"}"), 200);
        assertThat(unset.get("value").asText()).isEmpty();
        assertThat(expect(server.get("/v4/logs/" + logId), 200).get("feedback")).isEmpty();
    }

    @Test
    void badFeedbackIsRefusedAndNothingOfItIsStored() {
        String logId = chatLog();
        JsonNode missing = expect(server.post("/v4/feedback", "{\"data_id\":\"" + logId + "\"}"), 422);
        assertThat(missing.get("detail")).hasSize(2);
        assertThat(server.post("/v4/feedback", "{\"type\":\"rating\",\"value\":\"good\",\"data_id\":\"data_nope\"}").statusCode())
                .isEqualTo(404);
        assertThat(server.post("/v4/feedback", "[{\"type\":\"rating\",\"value\":\"good\",\"data_id\":\"" + logId
                + "\"},{\"type\":\"rating\",\"value\":\"good\",\"data_id\":\"data_nope\"}]").statusCode()).isEqualTo(404);
        assertThat(expect(server.get("/v4/logs/" + logId), 200).get("feedback")).as("all or nothing").isEmpty();
        assertThat(expect(server.post("/v4/feedback", "[{\"type\":\"rating\",\"value\":\"good\"}]"), 422)
                .get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",0,\"data_id\"]");
    }
}
