package dev.openloop.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transactions that lose a real deadlock on PostgreSQL: another connection locks the rows they
 * write in the opposite order, and PostgreSQL fails one of the two. The loser is written again,
 * and its callers succeed: group commit runs the batch again whole, then item by item; a
 * request's transaction runs once more.
 */
class ConflictRetryTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private TestDatabase testDatabase;
    private Database database;
    private ExecutorService opponents;

    @BeforeEach
    void open() {
        testDatabase = TestDatabase.create(TestStore.POSTGRESQL);
        database = Database.open(testDatabase.jdbcUrl(), 4, Database.SqliteSync.FULL);
        database.jdbi().useHandle(h -> {
            h.execute("CREATE TABLE counters (id TEXT PRIMARY KEY, n BIGINT NOT NULL)");
            h.execute("INSERT INTO counters (id, n) VALUES ('a', 0), ('b', 0)");
        });
        opponents = Executors.newVirtualThreadPerTaskExecutor();
    }

    @AfterEach
    void close() {
        opponents.shutdownNow();
        database.close();
        testDatabase.close();
    }

    private static void increment(Handle handle, String id) {
        handle.createUpdate("UPDATE counters SET n = n + 1 WHERE id = :id").bind("id", id).execute();
    }

    private long counter(String id) {
        return testDatabase.jdbi().withHandle(h -> h.createQuery("SELECT n FROM counters WHERE id = :id")
                .bind("id", id).mapTo(Long.class).one());
    }

    /**
     * Increments {@code a}, then {@code b}, while another transaction increments {@code b}, then
     * {@code a}: a deadlock. PostgreSQL fails the transaction whose deadlock check runs first, once
     * it has waited {@code deadlock_timeout}; this one starts waiting first, and the other sets a
     * long timeout for itself so that, however slow the machine, this one is the one that fails
     * (where it may: the setting is a superuser's, and the tests' server may be reached as a user who
     * only creates databases). The other then goes on and commits.
     */
    private void incrementLosingADeadlock(Handle handle) {
        increment(handle, "a");
        CountDownLatch opponentHoldsB = new CountDownLatch(1);
        Future<?> opponent = opponents.submit(() -> {
            testDatabase.jdbi().useTransaction(other -> {
                if ("on".equals(other.createQuery("SHOW is_superuser").mapTo(String.class).one())) {
                    other.execute("SET LOCAL deadlock_timeout = '60s'");
                }
                increment(other, "b");
                opponentHoldsB.countDown();
                awaitANodeConnectionWaitingForALock();
                increment(other, "a");
            });
            return null;
        });
        try {
            assertThat(opponentHoldsB.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            try {
                increment(handle, "b");
            } finally {
                // PostgreSQL releases the loser's locks when it fails it, so the other commits now.
                opponent.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the other transaction did not end", e);
        }
    }

    /**
     * Waits until a connection of the node's pool (named {@code openloop}) is blocked on a row
     * lock. Each check runs in a transaction of its own, as PostgreSQL keeps one snapshot of
     * {@code pg_stat_activity} for a whole transaction.
     */
    private void awaitANodeConnectionWaitingForALock() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (Handle observer = testDatabase.jdbi().open()) {
            while (System.nanoTime() < deadline) {
                boolean waiting = observer.createQuery("""
                                SELECT COUNT(*) FROM pg_stat_activity
                                WHERE application_name = 'openloop' AND wait_event_type = 'Lock'""")
                        .mapTo(Integer.class).one() > 0;
                if (waiting) {
                    return;
                }
                Thread.onSpinWait();
            }
        }
        throw new AssertionError("the node's transaction never waited for the row lock");
    }

    @Test
    void aBatchThatLosesADeadlockIsWrittenAgainAndItsCallerSucceeds() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        GroupCommit.BatchWriter<String> writer = (handle, ids) -> {
            if (attempts.incrementAndGet() == 1) {
                incrementLosingADeadlock(handle);
            } else {
                ids.forEach(id -> increment(handle, id));
            }
        };
        try (GroupCommit<String> commits = new GroupCommit<>("deadlocked", database.jdbi(), writer, 50)) {
            commits.submit("a").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(attempts.get()).as("the first attempt lost, the second was committed").isEqualTo(2);
        assertThat(counter("a")).as("the other transaction's increment and the batch's").isEqualTo(2);
        assertThat(counter("b")).as("the other transaction's increment only").isEqualTo(1);
    }

    @Test
    void aBatchThatLosesTwiceIsWrittenItemByItemAndEveryCallerSucceeds() throws Exception {
        CountDownLatch gateEntered = new CountDownLatch(1);
        CountDownLatch gateOpen = new CountDownLatch(1);
        AtomicInteger sharedAttempts = new AtomicInteger();
        GroupCommit.BatchWriter<String> writer = (handle, ids) -> {
            if (ids.equals(List.of("gate"))) {
                // Holds the writer until both items are queued, so that they make one batch.
                gateEntered.countDown();
                awaitQuietly(gateOpen);
                return;
            }
            if (ids.size() > 1 && sharedAttempts.incrementAndGet() <= 2) {
                incrementLosingADeadlock(handle);
                return;
            }
            ids.forEach(id -> increment(handle, id));
        };
        try (GroupCommit<String> commits = new GroupCommit<>("deadlocked-twice", database.jdbi(), writer, 50)) {
            CompletableFuture<Void> gate = commits.submit("gate");
            assertThat(gateEntered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> first = commits.submit("a");
            CompletableFuture<Void> second = commits.submit("b");
            gateOpen.countDown();
            gate.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            second.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(sharedAttempts.get()).as("the shared batch lost twice, then each item went alone").isEqualTo(2);
        assertThat(counter("a")).as("two other transactions' increments and the item's").isEqualTo(3);
        assertThat(counter("b")).isEqualTo(3);
    }

    @Test
    void aTransactionThatLosesADeadlockRunsOnceMore() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        String answer = Transactions.inTransaction(database.jdbi(), handle -> {
            if (runs.incrementAndGet() == 1) {
                incrementLosingADeadlock(handle);
            } else {
                increment(handle, "a");
            }
            return "done";
        });
        assertThat(answer).isEqualTo("done");
        assertThat(runs.get()).isEqualTo(2);
        assertThat(counter("a")).isEqualTo(2);
        assertThat(counter("b")).isEqualTo(1);
    }

    @Test
    void insideAnOpenTransactionTheLossGoesToItsOwnerWhichRunsItAgain() throws Exception {
        AtomicInteger outerRuns = new AtomicInteger();
        AtomicInteger innerRuns = new AtomicInteger();
        Transactions.useTransaction(database.jdbi(), outer -> {
            outerRuns.incrementAndGet();
            Transactions.useTransaction(database.jdbi(), inner -> {
                if (innerRuns.incrementAndGet() == 1) {
                    incrementLosingADeadlock(inner);
                } else {
                    increment(inner, "a");
                }
            });
        });
        assertThat(outerRuns.get()).as("the outer transaction ran again, the inner one with it").isEqualTo(2);
        assertThat(innerRuns.get()).isEqualTo(2);
        assertThat(counter("a")).isEqualTo(2);
    }

    @Test
    void aSecondLossGoesToTheCaller() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> Transactions.useTransaction(database.jdbi(), handle -> {
            runs.incrementAndGet();
            incrementLosingADeadlock(handle);
        })).satisfies(lost -> assertThat(StoreFailures.kindOf(lost)).isEqualTo(StoreFailures.Kind.CONFLICT));
        assertThat(runs.get()).isEqualTo(2);
        assertThat(counter("a")).as("only the other transactions' increments").isEqualTo(2);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
