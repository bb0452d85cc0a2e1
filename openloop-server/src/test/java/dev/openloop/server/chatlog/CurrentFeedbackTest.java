package dev.openloop.server.chatlog;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.store.Dialect;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.Race;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * Each log's current feedback as the listing's feedback filter reads it ({@link CurrentFeedback}),
 * kept in step by every path that writes feedback or deletes logs, on every store: what the
 * filter finds, and what the table holds, is always the latest piece of each type, unless unset.
 */
class CurrentFeedbackTest extends EveryStoreSuite {
    private static TestServer server;
    private static LogStore logs;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        server = TestServer.start(store);
        logs = new LogStore(server.database(), store == TestStore.POSTGRESQL ? Dialect.POSTGRESQL : Dialect.SQLITE);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    /** A new log in project {@code project} (made on first use); returns its id and its project's id. */
    private static String[] newLog(String project) {
        JsonNode chat = expect(server.post("/v4/chat", "{\"project\":\"" + project + "\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hello\"}],\"model_config\":{\"provider\":\"mock\",\"model\":\"mock-1\"}}"), 200);
        return new String[] {chat.get("data").get(0).get("id").asText(), chat.get("project_id").asText()};
    }

    private static String project(TestInfo test) {
        return "current-" + test.getTestMethod().orElseThrow().getName();
    }

    private static void give(String logId, String type, String value) {
        expect(server.post("/v4/feedback", "{\"type\":\"" + type + "\",\"value\":\"" + value + "\",\"data_id\":\"" + logId + "\"}"), 200);
    }

    private static void giveAt(String logId, String type, String value, String createdAt) {
        expect(server.post("/v4/feedback", "{\"type\":\"" + type + "\",\"value\":\"" + value + "\",\"data_id\":\"" + logId
                + "\",\"created_at\":\"" + createdAt + "\"}"), 200);
    }

    private static void unset(String logId, String type) {
        expect(server.post("/v4/feedback", "{\"type\":\"" + type + "\",\"unset\":true,\"data_id\":\"" + logId + "\"}"), 200);
    }

    private static List<String> filtered(String projectId, String type, String value) {
        return logs.listIds(new LogFilter(projectId, null, null, null, null, null, null, null, type, value), 0, 50);
    }

    /** The log's rows in the current feedback: type → value. */
    private static Map<String, String> current(String logId) {
        return server.database().withHandle(h -> h.createQuery("SELECT type, value FROM log_current_feedback WHERE log_id = :log")
                .bind("log", logId)
                .map((rs, ctx) -> Map.entry(rs.getString("type"), rs.getString("value")))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /** The log's current feedback as its answer shows it (read from the pieces themselves): type → value. */
    private static Map<String, String> shown(String logId) {
        JsonNode feedback = expect(server.get("/v4/logs/" + logId), 200).get("feedback");
        Map<String, String> byType = new java.util.HashMap<>();
        feedback.forEach(piece -> byType.put(piece.get("type").asText(), piece.get("value").asText()));
        return byType;
    }

    @Test
    void aLaterPieceReplacesTheEarlierAndAnOlderOneGivenLaterDoesNot(TestInfo test) {
        String[] log = newLog(project(test));
        give(log[0], "rating", "good");
        give(log[0], "rating", "bad");
        assertThat(filtered(log[1], "rating", "good")).isEmpty();
        assertThat(filtered(log[1], "rating", "bad")).containsExactly(log[0]);

        giveAt(log[0], "rating", "good", "2020-01-01T00:00:00Z");
        assertThat(filtered(log[1], "rating", "good")).as("a piece dated before the current one is not the latest").isEmpty();
        assertThat(filtered(log[1], "rating", "bad")).containsExactly(log[0]);
        assertThat(current(log[0])).isEqualTo(Map.of("rating", "bad")).isEqualTo(shown(log[0]));
    }

    @Test
    void anUnsetClearsTheValueUntilTheNextPiece(TestInfo test) {
        String[] log = newLog(project(test));
        give(log[0], "rating", "good");
        unset(log[0], "rating");
        assertThat(filtered(log[1], "rating", "good")).isEmpty();
        assertThat(current(log[0])).isEmpty();

        give(log[0], "rating", "good");
        assertThat(filtered(log[1], "rating", "good")).containsExactly(log[0]);
        assertThat(current(log[0])).isEqualTo(Map.of("rating", "good"));
    }

    @Test
    void eachTypeOfALogHasItsOwnCurrentValue(TestInfo test) {
        String[] log = newLog(project(test));
        give(log[0], "rating", "good");
        give(log[0], "flag", "spam");
        assertThat(filtered(log[1], "rating", "good")).containsExactly(log[0]);
        assertThat(filtered(log[1], "flag", "spam")).containsExactly(log[0]);
        assertThat(filtered(log[1], "flag", "good")).as("a value of another type").isEmpty();

        unset(log[0], "rating");
        assertThat(filtered(log[1], "rating", "good")).isEmpty();
        assertThat(filtered(log[1], "flag", "spam")).containsExactly(log[0]);
        assertThat(current(log[0])).isEqualTo(Map.of("flag", "spam")).isEqualTo(shown(log[0]));
    }

    @Test
    void ofPiecesGivenInTheSameMillisecondTheOneRecordedLastIsCurrent(TestInfo test) {
        String[] log = newLog(project(test));
        giveAt(log[0], "rating", "good", "2030-05-01T10:00:00.123Z");
        giveAt(log[0], "rating", "bad", "2030-05-01T10:00:00.123Z");
        assertThat(filtered(log[1], "rating", "bad")).containsExactly(log[0]);
        assertThat(filtered(log[1], "rating", "good")).isEmpty();

        // Both in one request: the later in the list is recorded last.
        expect(server.post("/v4/feedback", "[{\"type\":\"rating\",\"value\":\"meh\",\"data_id\":\"" + log[0]
                + "\",\"created_at\":\"2030-05-01T10:00:00.123Z\"},{\"type\":\"rating\",\"value\":\"good\",\"data_id\":\""
                + log[0] + "\",\"created_at\":\"2030-05-01T10:00:00.123Z\"}]"), 200);
        assertThat(filtered(log[1], "rating", "good")).containsExactly(log[0]);
        assertThat(filtered(log[1], "rating", "meh")).isEmpty();
        assertThat(current(log[0])).isEqualTo(Map.of("rating", "good")).isEqualTo(shown(log[0]));
    }

    @Test
    void aDeletedLogTakesItsCurrentFeedbackWithIt(TestInfo test) {
        String[] deleted = newLog(project(test));
        String[] kept = newLog(project(test));
        give(deleted[0], "rating", "good");
        give(deleted[0], "flag", "spam");
        give(kept[0], "rating", "good");

        assertThat(server.delete("/v4/logs?id=" + deleted[0]).statusCode()).isEqualTo(204);
        assertThat(current(deleted[0])).isEmpty();
        assertThat(current(kept[0])).isEqualTo(Map.of("rating", "good"));
        assertThat(filtered(kept[1], "rating", "good")).containsExactly(kept[0]);
    }

    @Test
    void aDeletedProjectTakesItsLogsCurrentFeedbackWithIt(TestInfo test) {
        String[] deleted = newLog(project(test) + "-deleted");
        String[] kept = newLog(project(test) + "-kept");
        give(deleted[0], "rating", "good");
        give(kept[0], "rating", "good");

        assertThat(server.delete("/v4/projects/" + deleted[1]).statusCode()).isBetween(200, 204);
        long left = server.database().withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM log_current_feedback WHERE project_id = :project OR log_id = :log")
                .bind("project", deleted[1])
                .bind("log", deleted[0])
                .mapTo(Long.class)
                .one());
        assertThat(left).isZero();
        assertThat(filtered(kept[1], "rating", "good")).containsExactly(kept[0]);
    }

    @Test
    void piecesRacingOnOneLogLeaveTheLatestCurrent(TestInfo test) throws Exception {
        String[] log = newLog(project(test));
        for (int round = 0; round < 3; round++) {
            List<Integer> statuses = Race.of(8, i -> server.post("/v4/feedback", "{\"type\":\"rating\",\"value\":\"v" + i
                    + "\",\"data_id\":\"" + log[0] + "\"}").statusCode());
            assertThat(statuses).containsOnly(200);
            String latest = server.database().withHandle(h -> h.createQuery("""
                            SELECT value FROM feedback WHERE log_id = :log AND type = 'rating'
                            ORDER BY created_at DESC, recorded_at DESC, id DESC LIMIT 1""")
                    .bind("log", log[0])
                    .mapTo(String.class)
                    .one());
            assertThat(current(log[0])).isEqualTo(Map.of("rating", latest)).isEqualTo(shown(log[0]));
            assertThat(filtered(log[1], "rating", latest)).containsExactly(log[0]);
        }
    }
}
