package dev.openloop.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sweep of test databases that killed test runs left behind: old and unused ones go; young
 * ones and those someone is connected to stay, since another run may be using them.
 */
class TestPostgresTest {

    @Test
    void oldUnusedTestAndBenchDatabasesAreDroppedAndYoungOrConnectedOnesAreKept() throws Exception {
        try (TestDatabase ours = TestDatabase.create(TestStore.POSTGRESQL)) {
            long old = Instant.now().minus(TestPostgres.STALE_AFTER).minusSeconds(600).getEpochSecond();
            long young = Instant.now().getEpochSecond();
            String abandoned = "openloop_test_" + old + "_abandoned" + young;
            String abandonedBench = "openloop_bench_" + old + "_abandoned" + young;
            String connected = "openloop_test_" + old + "_connected" + young;
            String recent = "openloop_test_" + young + "_recent" + young;
            List<String> created = List.of(abandoned, abandonedBench, connected, recent);
            try {
                created.forEach(name -> ours.jdbi().useHandle(h -> h.execute("CREATE DATABASE " + name)));
                try (Connection user = DriverManager.getConnection(TestPostgres.urlOf(connected))) {
                    List<String> dropped = TestPostgres.dropLeftovers(Instant.now().minus(TestPostgres.STALE_AFTER));

                    assertThat(dropped).contains(abandoned, abandonedBench).doesNotContain(connected, recent);
                    assertThat(exists(ours, abandoned)).isFalse();
                    assertThat(exists(ours, connected)).as("someone is connected").isTrue();
                    assertThat(exists(ours, recent)).as("another run may be about to use it").isTrue();
                }
            } finally {
                created.forEach(name -> ours.jdbi().useHandle(h -> h.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
            }
        }
    }

    private static boolean exists(TestDatabase database, String name) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM pg_database WHERE datname = :name")
                .bind("name", name).mapTo(Integer.class).one()) == 1;
    }
}
