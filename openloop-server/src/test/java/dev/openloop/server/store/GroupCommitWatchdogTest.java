package dev.openloop.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openloop.server.testing.LogCapture;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit's watchdog: a writer that stops making progress is reported (a log line, and
 * {@link GroupCommit#health()}), the callers waiting on it fail with the reason instead of
 * waiting, and new writes are refused at once while no writer can take them; once it moves
 * again, it is reported so and writes go on.
 *
 * <p>The watchdog reads time from a clock the test moves, so a stall is exactly as long as the
 * test says, whatever the machine's speed. Where a test must know the watchdog has looked, it
 * looks itself ({@link GroupCommit#checkProgress()}, what the watchdog thread does every few
 * milliseconds here).
 */
class GroupCommitWatchdogTest {
    private static final Duration LIMIT = Duration.ofMinutes(1);
    /** How long a test waits for something that happens at once on a healthy machine, before it fails instead of hanging. */
    private static final long PATIENCE_SECONDS = 30;
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final AtomicLong clock = new AtomicLong();
    private final CountDownLatch release = new CountDownLatch(1);
    private final String name = "watched-" + NAMES.incrementAndGet();
    private TestDatabase database;
    private Database opened;

    private void open(TestStore store) {
        database = TestDatabase.create(store);
        opened = Database.open(database.jdbcUrl(), 4, Database.SqliteSync.FULL);
        opened.jdbi().useHandle(h -> h.execute("CREATE TABLE items (id TEXT PRIMARY KEY)"));
    }

    @AfterEach
    void close() {
        release.countDown();
        if (opened != null) {
            opened.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private GroupCommit<String> groupCommit(GroupCommit.BatchWriter<String> writer, int writers) {
        return new GroupCommit<>(name, opened.jdbi(), writer, 50, writers, LIMIT, Duration.ofMillis(5), clock::get);
    }

    /** The answer to {@code item}, failing at once if the writers can no longer give it ({@link WriterWatch}). */
    private <V> V answer(GroupCommit<String> commits, CompletableFuture<V> item) throws Exception {
        return WriterWatch.of(commits, name).get(item);
    }

    private void pass(Duration time) {
        clock.addAndGet(time.toNanos());
    }

    private static void insert(Handle handle, List<String> ids) {
        var batch = handle.prepareBatch("INSERT INTO items (id) VALUES (:id)");
        ids.forEach(id -> batch.bind("id", id).add());
        batch.execute();
    }

    /** A writer that hangs, inside its transaction, on items starting with "stuck", until the test ends or releases it. */
    private GroupCommit.BatchWriter<String> hangingOnStuck(CountDownLatch entered) {
        return (handle, ids) -> {
            if (ids.stream().anyMatch(id -> id.startsWith("stuck"))) {
                entered.countDown();
                await(release);
            }
            insert(handle, ids);
        };
    }

    private boolean stored(String id) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM items WHERE id = :id")
                .bind("id", id).mapTo(Integer.class).one()) == 1;
    }

    @Test
    void aWriterStuckInATransactionIsReportedItsCallersFailAndWritesAreRefusedUntilItMovesAgain() throws Exception {
        open(TestStore.SQLITE);
        CountDownLatch entered = new CountDownLatch(1);
        try (LogCapture log = LogCapture.of(GroupCommit.class);
                GroupCommit<String> commits = groupCommit(hangingOnStuck(entered), 1)) {
            answer(commits, commits.submit("before"));
            CompletableFuture<Void> stuck = commits.submit("stuck");
            WriterWatch.of(commits, name).await(entered);
            assertThat(commits.writersIdle()).as("a writer in a transaction").isFalse();

            pass(LIMIT);
            commits.checkProgress();
            assertThat(commits.health().isRunning()).as("exactly the limit is not yet a stall").isTrue();
            assertThat(stuck).isNotDone();

            pass(Duration.ofSeconds(1));
            // The watchdog thread finds it on its own.
            awaitTrue(() -> !commits.health().isRunning());
            WriterHealth stalled = commits.health();
            assertThat(stalled.state()).isEqualTo(WriterHealth.State.STALLED);
            assertThat(stalled.detail()).isEqualTo("writes of " + name + " made no progress within 60 s: group-commit-"
                    + name + "-0 has been in one transaction of 1 items for 61 s");
            assertThatThrownBy(() -> answer(commits, stuck)).cause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("writing " + name + " stalled: group-commit-" + name + "-0 has been in one transaction of 1 "
                            + "items for 61 s; the transaction holding this item may still commit");
            CompletableFuture<Void> refused = commits.submit("refused");
            assertThat(refused).as("refused at once").isCompletedExceptionally();
            assertThatThrownBy(refused::join).cause().hasMessageEndingWith("; this item was not written");
            assertThat(log.messages(Level.WARNING)).containsExactly(stalled.detail()
                    + ". Waiting callers fail; new writes are refused while no writer can take them.");

            release.countDown();
            awaitTrue(() -> {
                commits.checkProgress();
                return commits.health().isRunning();
            });
            assertThat(log.messages(Level.INFO)).containsExactly("writes of " + name + " move again after a stall of 0 s");
            answer(commits, commits.submit("after"));
            assertThat(stored("after")).isTrue();
            assertThat(stored("refused")).isFalse();

            awaitTrue(commits::writersIdle);
            pass(LIMIT.multipliedBy(10));
            commits.checkProgress();
            assertThat(commits.health().isRunning()).as("a writer with nothing to do is not stalled").isTrue();
        }
    }

    @Test
    void aWriterIsTimedFromWhenItTookItsBatchNotFromItsLastTransaction() throws Exception {
        open(TestStore.SQLITE);
        CountDownLatch entered = new CountDownLatch(1);
        try (GroupCommit<String> commits = groupCommit(hangingOnStuck(entered), 1)) {
            answer(commits, commits.submit("before"));
            awaitTrue(commits::writersIdle);
            pass(LIMIT.multipliedBy(10));
            CompletableFuture<Void> stuck = commits.submit("stuck");
            WriterWatch.of(commits, name).await(entered);

            commits.checkProgress();
            assertThat(commits.health().isRunning()).as("it has only just taken the batch").isTrue();
            assertThat(stuck).isNotDone();
            pass(LIMIT.plusSeconds(1));
            commits.checkProgress();
            assertThat(stuck).isCompletedExceptionally();
        }
    }

    @Test
    void itemsQueuedBehindAStuckWriterFailAndTheStallEndsOnceItMovesAgain() throws Exception {
        open(TestStore.SQLITE);
        CountDownLatch entered = new CountDownLatch(1);
        try (LogCapture log = LogCapture.of(GroupCommit.class);
                GroupCommit<String> commits = groupCommit(hangingOnStuck(entered), 1)) {
            commits.submit("stuck");
            WriterWatch.of(commits, name).await(entered);
            CompletableFuture<Void> behind = commits.submit("behind");

            pass(LIMIT.plusSeconds(1));
            commits.checkProgress();
            String detail = "writes of " + name + " made no progress within 60 s: group-commit-" + name
                    + "-0 has been in one transaction of 1 items for 61 s; items queued (the oldest for 61 s) with no writer taking any";
            assertThat(commits.health().detail()).isEqualTo(detail);
            assertThatThrownBy(() -> answer(commits, behind)).cause()
                    .hasMessage(detail + "; this item was not written");

            pass(Duration.ofSeconds(1));
            release.countDown();
            awaitTrue(commits::writersIdle);
            commits.checkProgress();
            assertThat(commits.health().isRunning()).as("the writer ended its transaction after the stall was seen").isTrue();
            commits.checkProgress();
            answer(commits, commits.submit("after"));
            assertThat(stored("after")).isTrue();
            assertThat(log.messages(Level.WARNING)).containsExactly(detail
                    + ". Waiting callers fail; new writes are refused while no writer can take them.");
            assertThat(log.messages(Level.INFO)).containsExactly("writes of " + name + " move again after a stall of 1 s");
        }
    }

    @Test
    void aWriterWhoseTransactionsEachEndWithinTheLimitIsNotStalledHoweverLongItsBatchTakes() throws Exception {
        open(TestStore.SQLITE);
        AtomicReference<GroupCommit<String>> self = new AtomicReference<>();
        CountDownLatch gateEntered = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        GroupCommit.BatchWriter<String> slow = (handle, ids) -> {
            if (ids.contains("gate")) {
                gateEntered.countDown();
                await(gate);
            } else {
                // Each transaction takes 40 s; the watchdog looks at the worst moment, at its end.
                pass(Duration.ofSeconds(40));
                self.get().checkProgress();
                if (ids.size() > 1) {
                    throw new IllegalArgumentException("a batch that fails whole, then passes item by item");
                }
            }
            insert(handle, ids);
        };
        try (GroupCommit<String> commits = groupCommit(slow, 1)) {
            self.set(commits);
            CompletableFuture<Void> first = commits.submit("gate");
            WriterWatch.of(commits, name).await(gateEntered);
            List<CompletableFuture<Void>> items = List.of(commits.submit("a"), commits.submit("b"), commits.submit("c"));
            gate.countDown();

            answer(commits, first);
            for (CompletableFuture<Void> item : items) {
                answer(commits, item);
            }
            assertThat(clock.get()).as("the batch took 160 s in all").isEqualTo(Duration.ofSeconds(160).toNanos());
            assertThat(commits.health().isRunning()).isTrue();
        }
    }

    @Test
    void itemsFailedByTheWatchdogAreNotWrittenWhenTheStuckBatchIsRetriedItemByItem() throws Exception {
        open(TestStore.SQLITE);
        CountDownLatch gateEntered = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch stuckEntered = new CountDownLatch(1);
        GroupCommit.BatchWriter<String> writer = (handle, ids) -> {
            if (ids.contains("gate")) {
                gateEntered.countDown();
                await(gate);
            } else if (ids.size() > 1) {
                stuckEntered.countDown();
                await(release);
                throw new IllegalArgumentException("the hung batch fails at last");
            }
            insert(handle, ids);
        };
        try (GroupCommit<String> commits = groupCommit(writer, 1)) {
            CompletableFuture<Void> first = commits.submit("gate");
            WriterWatch.of(commits, name).await(gateEntered);
            CompletableFuture<Void> x = commits.submit("x");
            CompletableFuture<Void> y = commits.submit("y");
            gate.countDown();
            answer(commits, first);
            WriterWatch.of(commits, name).await(stuckEntered);

            pass(LIMIT.plusSeconds(1));
            commits.checkProgress();
            assertThat(x).isCompletedExceptionally();
            assertThat(y).isCompletedExceptionally();

            release.countDown();
            awaitTrue(() -> {
                commits.checkProgress();
                return commits.health().isRunning();
            });
            // One writer takes batches in turn: once this one is stored, x and y were dealt with.
            answer(commits, commits.submit("later"));
            assertThat(stored("x")).as("its caller was told it failed").isFalse();
            assertThat(stored("y")).isFalse();
            assertThat(stored("later")).isTrue();
        }
    }

    @Test
    void itemsQueuedWithNoWriterLeftToTakeThemFailAndNewOnesAreRefused() throws Exception {
        open(TestStore.SQLITE);
        try (LogCapture log = LogCapture.of(GroupCommit.class);
                GroupCommit<String> commits = groupCommit(GroupCommitWatchdogTest::insert, 1)) {
            answer(commits, commits.submit("before"));
            Thread writer = thread("group-commit-" + name + "-0");
            writer.interrupt();
            writer.join(Duration.ofSeconds(PATIENCE_SECONDS));
            assertThat(writer.isAlive()).as("a writer thread that ended").isFalse();

            pass(LIMIT.multipliedBy(3));
            CompletableFuture<Void> queued = commits.submit("queued");
            commits.checkProgress();
            assertThat(commits.health().isRunning()).as("the item has only just been queued").isTrue();
            assertThat(queued).isNotDone();

            pass(LIMIT);
            commits.checkProgress();
            assertThat(commits.health().isRunning()).as("waited exactly the limit").isTrue();

            pass(Duration.ofSeconds(2));
            commits.checkProgress();
            String detail = "writes of " + name + " made no progress within 60 s: "
                    + "items queued (the oldest for 62 s) with no writer taking any";
            assertThat(commits.health().detail()).isEqualTo(detail);
            assertThatThrownBy(queued::join).cause().hasMessage(detail + "; this item was not written");

            pass(LIMIT.multipliedBy(5));
            commits.checkProgress();
            assertThat(commits.health().detail()).as("still stalled, with nothing queued now").isEqualTo(detail);
            assertThat(commits.submit("refused")).isCompletedExceptionally();
            assertThat(log.messages(Level.WARNING)).hasSize(1);
        }
    }

    @Test
    void withTwoWritersOneStuckTheOtherGoesOnWriting() throws Exception {
        open(TestStore.POSTGRESQL);
        CountDownLatch entered = new CountDownLatch(1);
        try (GroupCommit<String> commits = groupCommit(hangingOnStuck(entered), 2)) {
            CompletableFuture<Void> stuck = commits.submit("stuck");
            WriterWatch.of(commits, name).await(entered);
            pass(LIMIT.plusSeconds(1));
            commits.checkProgress();

            assertThat(stuck).isCompletedExceptionally();
            assertThat(commits.health().state()).isEqualTo(WriterHealth.State.STALLED);
            assertThat(commits.health().detail()).contains("has been in one transaction of 1 items for 61 s");
            for (int i = 0; i < 5; i++) {
                answer(commits, commits.submit("meanwhile-" + i));
                assertThat(stored("meanwhile-" + i)).isTrue();
            }
        }
    }

    @Test
    void closingReturnsOnceAWriterIsFoundStuckAndFailsWhatItWouldHaveWritten() throws Exception {
        open(TestStore.SQLITE);
        CountDownLatch entered = new CountDownLatch(1);
        GroupCommit<String> commits = groupCommit(hangingOnStuck(entered), 1);
        commits.submit("stuck");
        WriterWatch.of(commits, name).await(entered);
        CompletableFuture<Void> behind = commits.submit("behind");
        Thread closing = Thread.ofVirtual().start(commits::close);

        pass(LIMIT.plusSeconds(1));
        closing.join(Duration.ofSeconds(PATIENCE_SECONDS));
        assertThat(closing.isAlive()).as("close returned").isFalse();
        assertThat(behind).isCompletedExceptionally();
        assertThat(commits.health().state()).isEqualTo(WriterHealth.State.STOPPED);
        assertThat(commits.health().detail()).isEqualTo("writes of " + name + " are closed");
    }

    private static Thread thread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no thread " + name));
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still not so after " + PATIENCE_SECONDS + " s");
            }
            Thread.sleep(5);
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
