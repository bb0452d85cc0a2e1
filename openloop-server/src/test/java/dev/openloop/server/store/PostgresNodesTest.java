package dev.openloop.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Several nodes on one PostgreSQL database: the schema migrated once, connections within each node's pool. */
class PostgresNodesTest {

    @Test
    void nodesStartingAtOnceMigrateTheDatabaseOnceAndAllStart() throws Exception {
        int nodes = 4;
        try (TestDatabase postgres = TestDatabase.create(TestStore.POSTGRESQL);
                ExecutorService starters = Executors.newFixedThreadPool(nodes)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Database>> starting = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                starting.add(starters.submit(() -> {
                    go.await();
                    return Database.open(postgres.jdbcUrl(), 2, Database.SqliteSync.FULL);
                }));
            }
            go.countDown();
            List<Database> started = new ArrayList<>();
            try {
                for (Future<Database> node : starting) {
                    started.add(node.get());
                }
            } finally {
                started.forEach(Database::close);
            }

            assertThat(started).hasSize(nodes);
            List<String> applied = postgres.jdbi().withHandle(h -> h.createQuery(
                            "SELECT version FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")
                    .mapTo(String.class)
                    .list());
            assertThat(applied).as("each migration applied once").doesNotHaveDuplicates().contains("1", "3");
        }
    }

    @Test
    void aNodeHoldsItsPoolOfConnectionsAndNoMore() {
        try (TestDatabase postgres = TestDatabase.create(TestStore.POSTGRESQL);
                Database node = Database.open(postgres.jdbcUrl(), 3, Database.SqliteSync.FULL)) {
            node.jdbi().useHandle(h -> h.execute("SELECT 1"));
            String connections = """
                    SELECT application_name || ':' || COUNT(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND application_name LIKE 'openloop%'
                    GROUP BY application_name""";
            List<String> held = eventually(() -> postgres.jdbi().withHandle(h -> h.createQuery(connections)
                    .mapTo(String.class).list()), List.of("openloop:3"));
            assertThat(held).as("the pool, named; the migration's connection closed").containsExactly("openloop:3");
        }
    }

    private static <T> T eventually(java.util.function.Supplier<T> read, T expected) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        T value = read.get();
        while (!value.equals(expected) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            value = read.get();
        }
        return value;
    }
}
