package dev.openloop.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestDatabase;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A statement is prepared once per pooled connection and reused by the next transaction on it,
 * with nothing left over from its last use: not a row batched by a transaction that failed
 * before it ran the batch, nor a parameter bound by it.
 */
class PreparedStatementsTest extends EveryStoreSuite {
    private static final String INSERT = "INSERT INTO projects (id, name, created_at, updated_at) VALUES (?, ?, 0, 0)";

    @Test
    void theNextTransactionOnAConnectionReusesItsStatementWithNothingLeftOver() throws Exception {
        try (TestDatabase database = TestDatabase.create(store);
                Database opened = Database.open(database.jdbcUrl(), 1, Database.SqliteSync.FULL)) {
            PreparedStatements statements = new PreparedStatements();
            List<PreparedStatement> used = new ArrayList<>();
            try {
                opened.jdbi().useTransaction(h -> {
                    PreparedStatement insert = statements.on(h.getConnection(), INSERT);
                    used.add(insert);
                    insert.setString(1, "pr_never");
                    insert.setString(2, "never written");
                    insert.addBatch();
                    throw new IllegalStateException("the transaction fails before its batch runs");
                });
            } catch (IllegalStateException expected) {
                // the batch above is left in the statement
            }
            opened.jdbi().useTransaction(h -> {
                PreparedStatement insert = statements.on(h.getConnection(), INSERT);
                used.add(insert);
                insert.setString(1, "pr_written");
                insert.setString(2, "written");
                insert.addBatch();
                assertThat(insert.executeBatch()).containsExactly(1);
            });

            // One connection in the pool: the second transaction had the first one's connection.
            assertThat(used.get(1)).isSameAs(used.get(0));
            List<String> ids = opened.jdbi().withHandle(h -> h.createQuery("SELECT id FROM projects ORDER BY id")
                    .mapTo(String.class).list());
            assertThat(ids).containsExactly("pr_written");
        }
    }
}
