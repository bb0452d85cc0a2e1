package dev.openloop.server.chatlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.store.Dialect;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestServer;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Streams a node left running in a database of a schema before V14 (when they were found by
 * their log's status alone) are still found when that node starts again on the migrated schema:
 * its own are marked incomplete, another node's are left streaming, and finished logs untouched.
 */
class StreamsLeftBeforeTest extends EveryStoreSuite {
    private static final String NODE_ID = "node-from-before";

    @Test
    void aNodeStartingOnTheMigratedSchemaMarksTheStreamsItLeftIncomplete() {
        try (TestDatabase database = TestDatabase.create(store)) {
            Flyway.configure()
                    .dataSource(database.jdbcUrl(), null, null)
                    .locations("classpath:" + Dialect.SHARED_MIGRATIONS,
                            "classpath:db/" + (store.name().equals("SQLITE") ? "sqlite" : "postgresql"))
                    .target("13")
                    .load()
                    .migrate();
            database.jdbi().useHandle(h -> {
                h.execute("INSERT INTO projects (id, name, created_at, updated_at) VALUES ('pr_old', 'old', 1, 1)");
                for (String[] row : new String[][] {
                    {"data_mine", "streaming", NODE_ID},
                    {"data_other", "streaming", "another-node"},
                    {"data_done", "complete", null}}) {
                    h.createUpdate("""
                                    INSERT INTO logs (id, project_id, status, node_id, saved, created_at, updated_at, messages)
                                    VALUES (:id, 'pr_old', :status, :node, TRUE, 1000, 1000, '[{"role":"user","content":"hi"}]')""")
                            .bind("id", row[0])
                            .bind("status", row[1])
                            .bind("node", row[2])
                            .execute();
                }
            });

            try (TestServer server = TestServer.startOn(database, Map.of("OPENLOOP_NODE_ID", NODE_ID))) {
                JsonNode mine = server.logRow("data_mine");
                assertThat(mine.get("status").asText()).isEqualTo("incomplete");
                assertThat(mine.get("error").asText()).isEqualTo("The server stopped before the stream completed");
                assertThat(server.logRow("data_other").get("status").asText()).isEqualTo("streaming");
                JsonNode done = server.logRow("data_done");
                assertThat(done.get("status").asText()).isEqualTo("complete");
                assertThat(done.get("error").isNull()).isTrue();
            }
            int left = database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM log_streams")
                    .mapTo(Integer.class).one());
            assertThat(left).as("the other node's stream, still in flight").isEqualTo(1);
        }
    }
}
