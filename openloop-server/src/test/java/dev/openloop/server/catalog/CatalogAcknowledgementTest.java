package dev.openloop.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * A node that changed the catalog waits for the other nodes' leases before it acknowledges the
 * change; that wait must not hold the store's pooled connection, or a burst of catalog changes
 * would take the pool from the chats. Two listeners on one real PostgreSQL database, so the wait
 * is not skipped, and a pool of one connection, which the waiting writer must have given back.
 */
class CatalogAcknowledgementTest {

    @Test
    void theWriterWaitsForTheOtherNodesWithItsPooledConnectionBackInThePool() throws Exception {
        try (TestDatabase database = TestDatabase.create(TestStore.POSTGRESQL);
                CatalogListener writer = CatalogListener.start(database.jdbcUrl());
                CatalogListener other = CatalogListener.start(database.jdbcUrl());
                HikariDataSource pool = poolOfOne(database.jdbcUrl())) {
            awaitUntil(() -> writer.generation().trusted() != CatalogGeneration.UNTRUSTED
                    && other.generation().trusted() != CatalogGeneration.UNTRUSTED, "both listeners trust their copies");
            Jdbi jdbi = Jdbi.create(pool);
            CatalogChanges changes = writer.changes();

            // Sampled only while the writer is inside the wait: its stack says so.
            List<Integer> activeWhileWaiting = new ArrayList<>();
            for (int round = 0; round < 20 && activeWhileWaiting.isEmpty(); round++) {
                AtomicReference<Throwable> failed = new AtomicReference<>();
                Thread change = Thread.ofPlatform().start(() -> {
                    try {
                        jdbi.useTransaction(h -> {
                            h.execute("SELECT 1");
                            changes.changed(h);
                        });
                    } catch (Throwable e) {
                        failed.set(e);
                    }
                });
                while (change.isAlive()) {
                    if (waiting(change)) {
                        int active = pool.getHikariPoolMXBean().getActiveConnections();
                        if (waiting(change)) {
                            activeWhileWaiting.add(active);
                        }
                    }
                    Thread.onSpinWait();
                }
                change.join();
                assertThat(failed.get()).as("the change").isNull();
            }

            assertThat(activeWhileWaiting).as("connections in use while the writer waited").isNotEmpty().containsOnly(0);
        }
    }

    private static boolean waiting(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().equals(CatalogListener.class.getName()) && frame.getMethodName().equals("awaitOthers")) {
                return true;
            }
        }
        return false;
    }

    private static HikariDataSource poolOfOne(String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(1);
        return new HikariDataSource(config);
    }

    private static void awaitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean() && Instant.now().isBefore(deadline)) {
            Thread.sleep(5);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }
}
