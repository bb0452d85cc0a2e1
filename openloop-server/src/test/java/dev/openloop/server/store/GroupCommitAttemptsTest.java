package dev.openloop.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openloop.server.testing.LogCapture;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestStore;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.logging.Level;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which transactions group commit runs for a batch, by why the last one failed: a batch holds at
 * most the largest batch; a bad item is tried once more alone and no more; a conflict runs the
 * batch again whole, then item by item, each once more after a conflict of its own. Each test
 * holds the one writer on a first item until the rest are queued, so that they make one batch.
 */
class GroupCommitAttemptsTest {
    private static final String NAME = "attempts";
    private static final int MAX_BATCH = 3;
    /** How long a test waits for something that happens at once on a healthy machine, before it fails instead of hanging. */
    private static final long PATIENCE_SECONDS = 30;

    private final List<List<String>> attempts = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch gateEntered = new CountDownLatch(1);
    private final CountDownLatch gate = new CountDownLatch(1);
    private TestDatabase database;
    private Database opened;

    @BeforeEach
    void open() {
        database = TestDatabase.create(TestStore.SQLITE);
        opened = Database.open(database.jdbcUrl(), 2, Database.SqliteSync.FULL);
        opened.jdbi().useHandle(h -> h.execute("CREATE TABLE items (id TEXT PRIMARY KEY)"));
    }

    @AfterEach
    void close() {
        gate.countDown();
        opened.close();
        database.close();
    }

    /**
     * A writer that records each transaction's items, holds the one with "gate" until the test
     * opens it, and throws what {@code fails} says for the others (the items, and how many times
     * this batch was tried before).
     */
    private GroupCommit<String> groupCommit(BiPredicate<List<String>, Integer> fails, RuntimeException failure) {
        GroupCommit.BatchWriter<String> writer = (handle, ids) -> {
            int before = Collections.frequency(attempts, ids);
            attempts.add(List.copyOf(ids));
            if (ids.contains("gate")) {
                gateEntered.countDown();
                await(gate);
            } else if (fails.test(ids, before)) {
                throw failure;
            }
            insert(handle, ids);
        };
        return new GroupCommit<>(NAME, opened.jdbi(), writer, MAX_BATCH);
    }

    /** Submits {@code ids} while the writer is held on the gate, then lets it go on. */
    private static List<CompletableFuture<Void>> asOneBatch(GroupCommit<String> commits, CountDownLatch entered,
            CountDownLatch gate, String... ids) throws Exception {
        CompletableFuture<Void> first = commits.submit("gate");
        WriterWatch.of(commits, NAME).await(entered);
        List<CompletableFuture<Void>> submitted = new ArrayList<>();
        for (String id : ids) {
            submitted.add(commits.submit(id));
        }
        gate.countDown();
        answer(commits, first);
        return submitted;
    }

    /** The answer to {@code item}, failing at once if the writer can no longer give it ({@link WriterWatch}). */
    private static <V> V answer(GroupCommit<String> commits, CompletableFuture<V> item) throws Exception {
        return WriterWatch.of(commits, NAME).get(item);
    }

    private static void insert(Handle handle, List<String> ids) {
        var batch = handle.prepareBatch("INSERT INTO items (id) VALUES (:id)");
        ids.forEach(id -> batch.bind("id", id).add());
        batch.execute();
    }

    /** A conflict with a concurrent transaction, as PostgreSQL reports a serialization failure. */
    private static RuntimeException conflict() {
        return new IllegalStateException(new SQLException("could not serialize access", "40001"));
    }

    @Test
    void aBatchHoldsAtMostTheLargestBatch() throws Exception {
        try (GroupCommit<String> commits = groupCommit((ids, before) -> false, null)) {
            for (CompletableFuture<Void> item : asOneBatch(commits, gateEntered, gate, "a", "b", "c", "d", "e")) {
                answer(commits, item);
            }
        }
        assertThat(attempts).containsExactly(List.of("gate"), List.of("a", "b", "c"), List.of("d", "e"));
    }

    @Test
    void aBadItemIsTriedOnceAloneAndItsBatchIsNotRunAgainWhole() throws Exception {
        try (LogCapture log = LogCapture.of(GroupCommit.class);
                GroupCommit<String> commits = groupCommit((ids, before) -> ids.contains("bad"), new IllegalArgumentException("bad"))) {
            List<CompletableFuture<Void>> items = asOneBatch(commits, gateEntered, gate, "a", "bad", "c");
            answer(commits, items.get(0));
            assertThatThrownBy(() -> answer(commits, items.get(1)))
                    .isInstanceOf(ExecutionException.class).cause().hasMessage("bad");
            answer(commits, items.get(2));

            assertThat(attempts).containsExactly(List.of("gate"), List.of("a", "bad", "c"), List.of("a"), List.of("bad"),
                    List.of("c"));
            assertThat(log.messages(Level.WARNING)).containsExactly("a write failed: java.lang.IllegalArgumentException");
            assertThat(log.messages(Level.INFO)).isEmpty();
        }
    }

    @Test
    void aBadItemAloneInItsBatchIsTriedOnce() throws Exception {
        try (LogCapture log = LogCapture.of(GroupCommit.class);
                GroupCommit<String> commits = groupCommit((ids, before) -> ids.contains("bad"), new IllegalArgumentException("bad"))) {
            CompletableFuture<Void> bad = asOneBatch(commits, gateEntered, gate, "bad").getFirst();
            assertThatThrownBy(() -> answer(commits, bad)).cause().hasMessage("bad");

            assertThat(attempts).containsExactly(List.of("gate"), List.of("bad"));
            assertThat(log.messages(Level.WARNING)).containsExactly("a write of 1 items failed: java.lang.IllegalArgumentException");
        }
    }

    @Test
    void aConflictRunsTheBatchAgainWholeThenItemByItemEachOnceMoreAfterAConflictOfItsOwn() throws Exception {
        // Every batch of several conflicts; "c" alone conflicts the first time only.
        BiPredicate<List<String>, Integer> conflicts = (ids, before) -> ids.size() > 1 || ids.equals(List.of("c")) && before == 0;
        try (LogCapture log = LogCapture.of(GroupCommit.class); GroupCommit<String> commits = groupCommit(conflicts, conflict())) {
            for (CompletableFuture<Void> item : asOneBatch(commits, gateEntered, gate, "a", "b", "c")) {
                answer(commits, item);
            }

            assertThat(attempts).containsExactly(List.of("gate"), List.of("a", "b", "c"), List.of("a", "b", "c"), List.of("a"),
                    List.of("b"), List.of("c"), List.of("c"));
            assertThat(log.messages(Level.INFO)).containsExactly("a write of 3 items runs again after: "
                    + "java.lang.IllegalStateException <- java.sql.SQLException [SQL state 40001]");
            assertThat(log.messages(Level.WARNING)).isEmpty();
        }
    }

    @Test
    void anItemThatConflictsAloneTwiceFails() throws Exception {
        try (GroupCommit<String> commits = groupCommit((ids, before) -> !ids.equals(List.of("a")), conflict())) {
            List<CompletableFuture<Void>> items = asOneBatch(commits, gateEntered, gate, "a", "b");
            answer(commits, items.get(0));
            assertThatThrownBy(() -> answer(commits, items.get(1))).cause().hasCauseInstanceOf(SQLException.class);

            assertThat(attempts).containsExactly(List.of("gate"), List.of("a", "b"), List.of("a", "b"), List.of("a"), List.of("b"),
                    List.of("b"));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("still waiting after " + PATIENCE_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
