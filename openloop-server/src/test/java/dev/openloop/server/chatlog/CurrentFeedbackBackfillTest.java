package dev.openloop.server.chatlog;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.store.Dialect;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/**
 * A database holding feedback from before the current feedback was kept beside the logs (a schema
 * at V13, its rows as that version's code wrote them) filters by feedback as it did once a node
 * has migrated it (V14 fills the table from the pieces), and keeps doing so as feedback comes.
 */
class CurrentFeedbackBackfillTest extends EveryStoreSuite {

    @Test
    void feedbackStoredBeforeTheUpgradeIsFilteredAsBefore() {
        try (TestDatabase database = TestDatabase.create(store)) {
            Flyway.configure()
                    .dataSource(database.jdbcUrl(), null, null)
                    .locations("classpath:" + Dialect.SHARED_MIGRATIONS,
                            "classpath:db/" + (store == TestStore.SQLITE ? "sqlite" : "postgresql"))
                    .target("13")
                    .load()
                    .migrate();
            database.jdbi().useHandle(h -> {
                h.execute("INSERT INTO projects (id, name, created_at, updated_at) VALUES ('pr_old', 'old', 1, 1)");
                h.execute("INSERT INTO projects (id, name, created_at, updated_at) VALUES ('pr_other', 'other', 1, 1)");
                for (int i = 1; i <= 6; i++) {
                    log(h, "data_old" + i, "pr_old", 1_000L * i);
                }
                log(h, "data_other", "pr_other", 1_000);
                // Replaced by a later piece, and a piece dated before it given after it.
                piece(h, "data_old1", "rating", "good", false, 10, 1);
                piece(h, "data_old1", "rating", "bad", false, 20, 2);
                piece(h, "data_old1", "rating", "good", false, 15, 3);
                // Unset.
                piece(h, "data_old2", "rating", "good", false, 10, 1);
                piece(h, "data_old2", "rating", null, true, 20, 2);
                // Two types.
                piece(h, "data_old3", "rating", "good", false, 10, 1);
                piece(h, "data_old3", "flag", "spam", false, 11, 2);
                // The same millisecond: the one recorded last.
                piece(h, "data_old4", "rating", "bad", false, 30, 8);
                piece(h, "data_old4", "rating", "good", false, 30, 9);
                // Unset, then given again.
                piece(h, "data_old5", "rating", "bad", false, 10, 1);
                piece(h, "data_old5", "rating", null, true, 20, 2);
                piece(h, "data_old5", "rating", "good", false, 30, 3);
                // data_old6: none. Another project's log.
                piece(h, "data_other", "rating", "good", false, 10, 1);
            });

            try (TestServer server = TestServer.startOn(database, Map.of())) {
                LogStore logs = new LogStore(server.database(), store == TestStore.POSTGRESQL ? Dialect.POSTGRESQL : Dialect.SQLITE);
                assertThat(current(server)).isEqualTo(Map.of(
                        "data_old1", Map.of("rating", "bad"),
                        "data_old3", Map.of("rating", "good", "flag", "spam"),
                        "data_old4", Map.of("rating", "good"),
                        "data_old5", Map.of("rating", "good"),
                        "data_other", Map.of("rating", "good")));
                assertThat(filtered(logs, "rating", "good")).containsExactly("data_old5", "data_old4", "data_old3");
                assertThat(filtered(logs, "rating", "bad")).containsExactly("data_old1");
                assertThat(filtered(logs, "flag", "spam")).containsExactly("data_old3");
                for (int i = 1; i <= 6; i++) {
                    Map<String, String> shown = new java.util.HashMap<>();
                    expect(server.get("/v4/logs/data_old" + i), 200).get("feedback")
                            .forEach(piece -> shown.put(piece.get("type").asText(), piece.get("value").asText()));
                    assertThat(current(server).getOrDefault("data_old" + i, Map.of())).as("data_old" + i).isEqualTo(shown);
                }

                expect(server.post("/v4/feedback", "{\"type\":\"rating\",\"value\":\"good\",\"data_id\":\"data_old1\"}"), 200);
                assertThat(filtered(logs, "rating", "good")).containsExactly("data_old5", "data_old4", "data_old3", "data_old1");
                assertThat(filtered(logs, "rating", "bad")).isEmpty();
            }
        }
    }

    private static void log(Handle h, String id, String project, long createdAt) {
        h.createUpdate("""
                        INSERT INTO logs (id, project_id, status, saved, created_at, updated_at)
                        VALUES (:id, :project, 'complete', TRUE, :created, :created)""")
                .bind("id", id)
                .bind("project", project)
                .bind("created", createdAt)
                .execute();
    }

    private static void piece(Handle h, String logId, String type, String value, boolean unset, long createdAt, long recordedAt) {
        h.createUpdate("""
                        INSERT INTO feedback (id, log_id, type, value, unset, end_user, created_at, recorded_at)
                        VALUES (:id, :log, :type, :value, :unset, NULL, :created, :recorded)""")
                .bind("id", "ann_" + logId + "_" + type + "_" + recordedAt)
                .bind("log", logId)
                .bind("type", type)
                .bind("value", value)
                .bind("unset", unset)
                .bind("created", createdAt)
                .bind("recorded", recordedAt)
                .execute();
    }

    private static List<String> filtered(LogStore logs, String type, String value) {
        return logs.listIds(new LogFilter("pr_old", null, null, null, null, null, null, null, type, value), 0, 50);
    }

    /** The current feedback table: log id → type → value. */
    private static Map<String, Map<String, String>> current(TestServer server) {
        return server.database().withHandle(h -> h.createQuery("SELECT log_id, type, value FROM log_current_feedback")
                .map((rs, ctx) -> List.of(rs.getString("log_id"), rs.getString("type"), rs.getString("value")))
                .list()
                .stream()
                .collect(Collectors.groupingBy(row -> row.get(0), Collectors.toMap(row -> row.get(1), row -> row.get(2)))));
    }
}
