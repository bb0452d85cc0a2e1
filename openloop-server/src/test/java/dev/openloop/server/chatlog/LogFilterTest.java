package dev.openloop.server.chatlog;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/** The console's log filters as {@link LogStore} applies them, on every store. */
class LogFilterTest extends EveryStoreSuite {
    private static TestServer server;
    private static LogStore logs;
    private static String projectId;
    private static String okA;
    private static String okB;
    private static String failed;
    private static String configA;

    private static String chat(String model, String other) {
        return "{\"project\":\"filters\",\"messages\":[{\"role\":\"user\",\"content\":\"hello " + model + "\"}],"
                + "\"model_config\":{\"provider\":\"mock\",\"model\":\"" + model + "\"" + other + "}}";
    }

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        server = TestServer.start(store);
        var a = expect(server.post("/v4/chat", chat("model-a", "")), 200);
        okA = a.get("data").get(0).get("id").asText();
        configA = expect(server.get("/v4/logs/" + okA), 200).get("config").get("id").asText();
        projectId = a.get("project_id").asText();
        okB = expect(server.post("/v4/chat", chat("model-b", "")), 200).get("data").get(0).get("id").asText();
        server.post("/v4/chat", chat("model-a", ",\"other\":{\"mock_error_status\":400}"));
        failed = server.database().withHandle(h -> h.createQuery("SELECT id FROM logs WHERE error IS NOT NULL").mapTo(String.class).one());
        expect(server.post("/v4/feedback", "{\"type\":\"rating\",\"value\":\"good\",\"data_id\":\"" + okA + "\"}"), 200);
        expect(server.post("/v4/feedback", "{\"type\":\"rating\",\"value\":\"good\",\"data_id\":\"" + okB + "\"}"), 200);
        expect(server.post("/v4/feedback", "{\"type\":\"rating\",\"value\":\"bad\",\"data_id\":\"" + okB + "\"}"), 200);
        logs = new LogStore(server.database(), store == TestStore.POSTGRESQL ? dev.openloop.server.store.Dialect.POSTGRESQL
                : dev.openloop.server.store.Dialect.SQLITE);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    private static List<String> ids(LogFilter filter) {
        return logs.listIds(filter, 0, 10);
    }

    private static LogFilter only(String configId, LogFilter.Outcome outcome, String feedbackType, String feedbackValue) {
        return new LogFilter(projectId, null, null, null, configId, null, null, outcome, feedbackType, feedbackValue);
    }

    @Test
    void eachFilterNarrowsTheProjectsLogs() {
        assertThat(ids(only(null, null, null, null))).containsExactlyInAnyOrder(okA, okB, failed);
        assertThat(ids(only(configA, null, null, null))).as("the failing call's parameters make another config")
                .containsExactly(okA);
        assertThat(ids(only(null, LogFilter.Outcome.OK, null, null))).containsExactlyInAnyOrder(okA, okB);
        assertThat(ids(only(null, LogFilter.Outcome.ERROR, null, null))).containsExactly(failed);
        assertThat(ids(only(null, LogFilter.Outcome.INCOMPLETE, null, null))).isEmpty();
        assertThat(ids(only(configA, LogFilter.Outcome.ERROR, null, null))).isEmpty();
    }

    @Test
    void theFeedbackFilterLooksAtTheCurrentValueOnly() {
        assertThat(ids(only(null, null, "rating", "good"))).as("okB's good was replaced by bad").containsExactly(okA);
        assertThat(ids(only(null, null, "rating", "bad"))).containsExactly(okB);
        assertThat(ids(only(null, null, "rating", "meh"))).isEmpty();
    }

    @Test
    void anotherProjectsLogsNeverShow() {
        assertThat(ids(new LogFilter("project_other", null, null, null, null, null, null, null, null, null))).isEmpty();
    }
}
