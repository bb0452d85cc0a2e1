package dev.openloop.server.chatlog;

import static dev.openloop.server.testing.TestServer.expect;
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
 * Logs written before the search and stored-once migrations (V7 to V9) read as they did, and
 * are found by search: the rows of a schema at V6 are written as that version's code wrote
 * them, then a node migrates the database and serves them.
 */
class LogsWrittenBeforeTest extends EveryStoreSuite {
    private static final String PROMPT = "An old prompt about Lighthouses, ".repeat(10);
    private static final String OUTPUT = "An old answer about the SEA. ".repeat(10);

    @Test
    void anOldLogReadsAsItWasStoredAndIsFoundBySearch() {
        try (TestDatabase database = TestDatabase.create(store)) {
            Flyway.configure()
                    .dataSource(database.jdbcUrl(), null, null)
                    .locations("classpath:" + Dialect.SHARED_MIGRATIONS,
                            "classpath:db/" + (store.name().equals("SQLITE") ? "sqlite" : "postgresql"))
                    .target("6")
                    .load()
                    .migrate();
            String messages = TestServer.JSON.createArrayNode()
                    .add(TestServer.JSON.createObjectNode().put("role", "user").put("content", PROMPT)).toString();
            String outputMessage = TestServer.JSON.createObjectNode().put("role", "assistant").put("content", OUTPUT).toString();
            String providerRequest = "{\"model\":\"m\",\"messages\":" + messages + ",\"temperature\":0.7}";
            String providerResponse = "{\"choices\":[{\"message\":" + outputMessage + "}],\"usage\":{\"total\":12}}";
            database.jdbi().useHandle(h -> {
                h.execute("INSERT INTO projects (id, name, created_at, updated_at) VALUES ('pr_old', 'old', 1, 1)");
                h.createUpdate("""
                                INSERT INTO logs (id, project_id, status, saved, created_at, updated_at, inputs, metadata,
                                    messages, output, raw_output, output_message, provider_request, provider_response)
                                VALUES ('data_old', 'pr_old', 'complete', TRUE, 1000, 1000, '{"place":"Brest"}',
                                    '{"team":"Nautical"}', :messages, :output, :output, :outputMessage, :request, :response)""")
                        .bind("messages", messages)
                        .bind("output", OUTPUT)
                        .bind("outputMessage", outputMessage)
                        .bind("request", providerRequest)
                        .bind("response", providerResponse)
                        .execute();
            });

            try (TestServer server = TestServer.startOn(database, Map.of())) {
                JsonNode log = expect(server.get("/v4/logs/data_old"), 200);
                assertThat(log.get("messages").get(0).get("content").asText()).isEqualTo(PROMPT);
                assertThat(log.get("output").asText()).isEqualTo(OUTPUT);
                assertThat(log.get("raw_output").asText()).isEqualTo(OUTPUT);
                assertThat(log.get("output_message").get("content").asText()).isEqualTo(OUTPUT);
                assertThat(log.get("provider_request").toString()).isEqualTo(providerRequest);
                assertThat(log.get("provider_response").toString()).isEqualTo(providerResponse);

                for (String term : new String[] {"lighthouses", "THE SEA", "brest", "nautical"}) {
                    JsonNode found = expect(server.get("/v4/logs?project_id=pr_old&search=" + term.replace(" ", "%20")), 200);
                    assertThat(found.get("total").asInt()).as(term).isEqualTo(1);
                }
            }
        }
    }
}
