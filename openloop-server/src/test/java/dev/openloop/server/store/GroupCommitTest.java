package dev.openloop.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit on each store, with as many writers as the store's dialect runs: a caller hears
 * of its item only once it is committed, a bad item fails only its own caller, and closing writes
 * what was queued.
 *
 * <p>Mutants of group commit that no test here or in the other {@code GroupCommit*Test} kills, and
 * why: equivalent, the {@code min} that sets how often the watchdog looks (how often, not what it
 * finds; taken either way when the two are equal); a writer that ends on an
 * interrupt without restoring the flag (its thread ends there); the watchdog interrupted at close
 * (it ends at its next look anyway) or looking without sleeping between looks (only more often);
 * close failing what is queued once a writer is found stuck (the watchdog that found it failed the
 * queue already, and nothing is queued after close). Not pinned: the fatal error's line on standard
 * error (the log line is), and a writer that moves at the very instant its stall was seen (on
 * {@code System.nanoTime} it is always later).
 */
class GroupCommitTest extends EveryStoreSuite {
    /** Enough callers at once for commits to carry many items; few enough items that a mutant run stays short. */
    private static final int CALLERS = 20;
    private static final int ITEMS_EACH = 10;

    private TestDatabase testDatabase;
    private Database database;

    @BeforeEach
    void open() {
        testDatabase = TestDatabase.create(store);
        database = Database.open(testDatabase.jdbcUrl(), 4, Database.SqliteSync.FULL);
        database.jdbi().useHandle(h -> h.execute("CREATE TABLE items (id TEXT PRIMARY KEY, n BIGINT NOT NULL)"));
    }

    @AfterEach
    void close() {
        database.close();
        testDatabase.close();
    }

    private record Item(String id, long n) {
    }

    private static void write(Handle handle, List<Item> items) {
        PreparedBatch batch = handle.prepareBatch("INSERT INTO items (id, n) VALUES (:id, :n)");
        items.forEach(item -> batch.bind("id", item.id()).bind("n", item.n()).add());
        batch.execute();
    }

    private GroupCommit<Item> groupCommit() {
        return new GroupCommit<>("test", database.jdbi(), GroupCommitTest::write, 50, database.dialect().groupCommitWriters());
    }

    /** The answer to {@code future}, failing at once if the writers of {@code commits} (named "test") can no longer give it. */
    private static void answered(GroupCommit<Item> commits, CompletableFuture<Void> future) {
        try {
            WriterWatch.of(commits, "test").get(future);
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private int count() {
        return testDatabase.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM items").mapTo(Integer.class).one());
    }

    private boolean stored(String id) {
        return testDatabase.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM items WHERE id = :id")
                .bind("id", id).mapTo(Integer.class).one()) == 1;
    }

    @Test
    void aCallerIsToldOnlyOnceItsItemIsCommittedAndVisibleToOthers() throws Exception {
        Queue<String> notVisible = new ConcurrentLinkedQueue<>();
        List<Thread> callers = new ArrayList<>();
        try (GroupCommit<Item> commits = groupCommit()) {
            for (int caller = 0; caller < CALLERS; caller++) {
                int c = caller;
                callers.add(Thread.ofVirtual().start(() -> {
                    for (int n = 0; n < ITEMS_EACH; n++) {
                        String id = "item-" + c + "-" + n;
                        answered(commits, commits.submit(new Item(id, n)));
                        // Read on a connection of its own: only a committed row is visible there.
                        if (!stored(id)) {
                            notVisible.add(id);
                        }
                    }
                }));
            }
            for (Thread caller : callers) {
                caller.join();
            }
        }
        assertThat(notVisible).isEmpty();
        assertThat(count()).isEqualTo(CALLERS * ITEMS_EACH);
    }

    @Test
    void aBadItemFailsOnlyItsOwnCaller() {
        try (GroupCommit<Item> commits = groupCommit()) {
            answered(commits, commits.submit(new Item("taken", 0)));
            List<CompletableFuture<Void>> good = new ArrayList<>();
            for (int n = 0; n < 30; n++) {
                good.add(commits.submit(new Item("good-" + n, n)));
            }
            CompletableFuture<Void> duplicate = commits.submit(new Item("taken", 1));
            for (int n = 30; n < 60; n++) {
                good.add(commits.submit(new Item("good-" + n, n)));
            }

            assertThat(catchCompletion(commits, duplicate)).isInstanceOf(CompletionException.class);
            good.forEach(future -> answered(commits, future));
            for (int n = 0; n < 60; n++) {
                assertThat(stored("good-" + n)).isTrue();
            }
        }
    }

    @Test
    void closingWritesWhatIsQueuedAndRefusesWhatComesAfter() throws Exception {
        GroupCommit<Item> commits = groupCommit();
        List<CompletableFuture<Void>> queued = new ArrayList<>();
        for (int n = 0; n < 200; n++) {
            queued.add(commits.submit(new Item("queued-" + n, n)));
        }
        commits.close();

        assertThat(queued).allMatch(future -> future.isDone() && !future.isCompletedExceptionally());
        assertThat(count()).isEqualTo(200);
        // From another thread: closing lets go of its lock, so a late caller is refused, not kept waiting.
        CompletableFuture<CompletableFuture<Void>> late = CompletableFuture.supplyAsync(() -> commits.submit(new Item("late", 0)));
        assertThat(catchCompletion(commits, late.get(30, TimeUnit.SECONDS))).hasMessageContaining("shutting down");
    }

    @Test
    void theListenerHearsOfEveryCommittedItemAndTheQueueEmpties() {
        Queue<Integer> batches = new ConcurrentLinkedQueue<>();
        Queue<Long> durations = new ConcurrentLinkedQueue<>();
        GroupCommit<Item> commits = groupCommit();
        commits.onCommit((items, nanos) -> {
            batches.add(items);
            durations.add(nanos);
        });
        List<CompletableFuture<Void>> queued = new ArrayList<>();
        long before = System.nanoTime();
        for (int n = 0; n < 120; n++) {
            queued.add(commits.submit(new Item("heard-" + n, n)));
        }
        queued.forEach(future -> answered(commits, future));
        commits.close();
        long elapsed = System.nanoTime() - before;

        assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(120);
        assertThat(batches).allMatch(items -> items >= 1 && items <= 50);
        // Each transaction's time lies within the test's own: a duration, not a reading of the clock.
        assertThat(durations).hasSameSizeAs(batches).allMatch(nanos -> nanos > 0 && nanos <= elapsed);
        assertThat(commits.queued()).isZero();
    }

    @Test
    void itemsWaitingForAWriterAreCounted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch writing = new CountDownLatch(1);
        try (GroupCommit<Item> commits = new GroupCommit<>("held", database.jdbi(), (handle, items) -> {
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            write(handle, items);
        }, 50, 1)) {
            CompletableFuture<Void> first = commits.submit(new Item("held-first", 0));
            WriterWatch.of(commits, "held").await(writing);
            for (int n = 0; n < 7; n++) {
                commits.submit(new Item("held-" + n, n));
            }
            assertThat(commits.queued()).isEqualTo(7);
            release.countDown();
            WriterWatch.of(commits, "held").get(first);
        }
    }

    private static Throwable catchCompletion(GroupCommit<Item> commits, CompletableFuture<Void> future) {
        try {
            answered(commits, future);
            return null;
        } catch (CompletionException e) {
            return e;
        }
    }
}
