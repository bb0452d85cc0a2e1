package dev.openloop.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.openloop.server.testing.LogCapture;
import dev.openloop.server.testing.RefusedPort;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestStore;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Group commit when writing fails for reasons other than a bad item: the database is gone, or the
 * batch writer throws an {@link Error}. No caller waits longer than one failed attempt, and none
 * waits forever.
 */
class GroupCommitFailureTest {
    /** How long the pool waits for a connection: every attempt on the dead database costs this. */
    private static final Duration CONNECTION_TIMEOUT = Duration.ofMillis(500);
    private static final int ITEMS = 20;

    private static void insert(Handle handle, List<String> ids) {
        var batch = handle.prepareBatch("INSERT INTO items (id) VALUES (:id)");
        ids.forEach(id -> batch.bind("id", id).add());
        batch.execute();
    }

    @Test
    void withTheDatabaseUnreachableABatchFailsWholeInsteadOfItemByItem() throws Exception {
        int deadPort = RefusedPort.port();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + deadPort + "/openloop?user=openloop");
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setInitializationFailTimeout(-1); // the pool starts without the database, as on an outage
        config.setMaximumPoolSize(2);
        AtomicInteger connectionRequests = new AtomicInteger();
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Jdbi jdbi = Jdbi.create(() -> {
                connectionRequests.incrementAndGet();
                return pool.getConnection();
            });
            List<CompletableFuture<Void>> submitted = new ArrayList<>();
            try (GroupCommit<String> commits = new GroupCommit<>("dead", jdbi, GroupCommitFailureTest::insert, 50)) {
                for (int i = 0; i < ITEMS; i++) {
                    submitted.add(commits.submit("item-" + i));
                }
                for (CompletableFuture<Void> future : submitted) {
                    assertThatThrownBy(() -> WriterWatch.of(commits, "dead").get(future))
                            .isInstanceOf(ExecutionException.class)
                            .cause().hasCauseInstanceOf(SQLTransientConnectionException.class);
                }
            }
            // One request per batch: the first item alone, perhaps, then the others together. Item
            // by item, each would have asked again and waited the timeout again.
            assertThat(connectionRequests.get()).as("connections asked for " + ITEMS + " items").isLessThanOrEqualTo(3);
        }
    }

    @Test
    void anErrorFromTheBatchWriterFailsItsCallersAndTheWriterGoesOn() throws Exception {
        try (TestDatabase database = TestDatabase.create(TestStore.SQLITE);
                Database opened = Database.open(database.jdbcUrl(), 2, Database.SqliteSync.FULL)) {
            opened.jdbi().useHandle(h -> h.execute("CREATE TABLE items (id TEXT PRIMARY KEY)"));
            List<Supplier<Error>> errors = List.of(
                    () -> new AssertionError("a broken invariant"),
                    () -> new NoClassDefFoundError("a class that went missing"),
                    () -> new ExceptionInInitializerError("a static initializer that failed"));
            AtomicInteger next = new AtomicInteger();
            GroupCommit.BatchWriter<String> writer = (handle, ids) -> {
                if (ids.stream().anyMatch(id -> id.startsWith("throw"))) {
                    throw errors.get(next.getAndIncrement()).get();
                }
                insert(handle, ids);
            };
            try (LogCapture log = LogCapture.of(GroupCommit.class);
                    GroupCommit<String> commits = new GroupCommit<>("errors", opened.jdbi(), writer, 50)) {
                for (int round = 0; round < errors.size(); round++) {
                    CompletableFuture<Void> thrown = commits.submit("throw-" + round);
                    assertThatThrownBy(() -> WriterWatch.of(commits, "errors").get(thrown))
                            .isInstanceOf(ExecutionException.class).cause().isInstanceOf(Error.class);
                    WriterWatch.of(commits, "errors").get(commits.submit("after-" + round));
                }
                // An Error is logged with its stack trace, as the bug it is; and it is not retried.
                assertThat(log.messages(Level.SEVERE)).containsExactly("a write of 1 items failed", "a write of 1 items failed",
                        "a write of 1 items failed");
                assertThat(log.messages(Level.WARNING)).isEmpty();
            }
            assertThat(count(database)).as("what came after each error was written").isEqualTo(errors.size());
        }
    }

    @Test
    void anOutOfMemoryErrorFailsEverythingQueuedAndLaterWritesAtOnceAndClosingStillReturns() throws Exception {
        try (TestDatabase database = TestDatabase.create(TestStore.SQLITE);
                Database opened = Database.open(database.jdbcUrl(), 2, Database.SqliteSync.FULL)) {
            opened.jdbi().useHandle(h -> h.execute("CREATE TABLE items (id TEXT PRIMARY KEY)"));
            CountDownLatch writing = new CountDownLatch(1);
            CountDownLatch othersQueued = new CountDownLatch(1);
            GroupCommit.BatchWriter<String> writer = (handle, ids) -> {
                if (ids.contains("exhausting")) {
                    writing.countDown();
                    awaitQuietly(othersQueued);
                    throw new OutOfMemoryError("simulated: Java heap space");
                }
                insert(handle, ids);
            };
            try (LogCapture log = LogCapture.of(GroupCommit.class)) {
                GroupCommit<String> commits = new GroupCommit<>("exhausted", opened.jdbi(), writer, 50);
                CompletableFuture<Void> exhausting = commits.submit("exhausting");
                WriterWatch.of(commits, "exhausted").await(writing);
                List<CompletableFuture<Void>> queued = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    queued.add(commits.submit("queued-" + i));
                }
                othersQueued.countDown();

                assertThatThrownBy(() -> WriterWatch.of(commits, "exhausted").get(exhausting)).hasMessageContaining("fatal error");
                for (CompletableFuture<Void> future : queued) {
                    assertThatThrownBy(() -> WriterWatch.of(commits, "exhausted").get(future)).hasMessageContaining("OutOfMemoryError");
                }
                assertThat(log.messages(Level.SEVERE)).containsExactly("a fatal error stopped the group-commit writer of exhausted; "
                        + "every write fails until a restart");
                CompletableFuture<Void> later = commits.submit("later");
                assertThat(later).as("refused at once, not queued for a writer that is gone").isCompletedExceptionally();
                assertTimeoutPreemptively(Duration.ofSeconds(10), commits::close);
            }
            assertThat(count(database)).isZero();
        }
    }

    private static int count(TestDatabase database) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM items").mapTo(Integer.class).one());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
