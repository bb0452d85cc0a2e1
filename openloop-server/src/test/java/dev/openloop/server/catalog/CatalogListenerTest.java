package dev.openloop.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestStore;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * The listener on a real PostgreSQL database: copies are trusted only while it listens, a notice
 * from another session retires them, and a lost connection stops the trust until it listens again.
 */
class CatalogListenerTest {

    @Test
    void aNoticeRetiresTheCopiesAndALostConnectionStopsTheTrustUntilItListensAgain() {
        try (TestDatabase database = TestDatabase.create(TestStore.POSTGRESQL);
                CatalogListener listener = CatalogListener.start(database.jdbcUrl())) {
            CatalogGeneration generation = listener.generation();
            awaitUntil(() -> generation.trusted() != CatalogGeneration.UNTRUSTED, "the listener trusts copies");
            long before = generation.trusted();

            Jdbi other = database.jdbi();
            other.useHandle(h -> CatalogListener.announce(h));
            awaitUntil(() -> generation.trusted() != before && generation.trusted() != CatalogGeneration.UNTRUSTED,
                    "another session's notice moved the generation on");

            other.useHandle(h -> h.createQuery("""
                            SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                            WHERE datname = current_database() AND application_name = :name""")
                    .bind("name", CatalogListener.APPLICATION_NAME)
                    .mapTo(Boolean.class)
                    .list());
            awaitUntil(() -> generation.trusted() == CatalogGeneration.UNTRUSTED, "the lost connection stops the trust");
            long lost = generation.trusted();
            assertThat(lost).isEqualTo(CatalogGeneration.UNTRUSTED);

            awaitUntil(() -> generation.trusted() != CatalogGeneration.UNTRUSTED, "listening again, it trusts again");
        }
    }

    private static void awaitUntil(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean() && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }
}
