package dev.openloop.server.store;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Writes items submitted by many threads in shared transactions: a writer thread takes
 * everything waiting, writes it in one transaction, commits once, then completes every waiting
 * caller. Under load a commit carries many rows; alone, a row is committed at once.
 *
 * <p>A caller is told its item is stored only after the commit that holds it. What happens when a
 * shared transaction fails depends on why ({@link StoreFailures#kindOf}):
 *
 * <ul>
 *   <li>it lost a conflict with a concurrent transaction (a deadlock, a serialization failure),
 *       or found SQLite's write lock taken for the whole busy timeout: the batch is written again,
 *       whole, once. A conflict that strikes again is then retried item by item (as below, each
 *       item once more after a conflict of its own); a busy SQLite fails the batch, since its
 *       lock is the whole file's.</li>
 *   <li>the database is unreachable or gave no connection in time: every item of the batch fails
 *       at once. Retrying them one by one would fail them the same way, each after waiting as
 *       long again.</li>
 *   <li>anything else (a duplicate key, say): each item is retried in a transaction of its own,
 *       so one bad row fails only its own caller.</li>
 * </ul>
 *
 * Batch writers should lock the rows a batch shares with other writers in one order (by id, as
 * everything else that locks them does), so that deadlocks stay rare to begin with.
 *
 * <p>Whatever a batch writer throws, {@link Error}s included, fails that batch's callers and no
 * others; the writer thread goes on with the next batch. A {@link VirtualMachineError} (out of
 * memory, say) leaves the JVM in no state to trust: it fails the batch, everything queued, and
 * every later submission, and says so in the log, until the node is restarted.
 *
 * <p>With several writers (see {@link Dialect#groupCommitWriters()}), each takes its own batch
 * and commits it on its own connection, so one writes while another waits for its commit; the
 * order in which their batches commit is not defined. That is safe because callers submit an
 * item only once every item it depends on is committed: a stream's completion is submitted only
 * after the insert of its row was acknowledged.
 *
 * <p>A watchdog keeps callers from waiting forever on a writer that stops making progress (a
 * connection that hangs, a lock never granted, a writer that died). A writer whose transaction
 * has run longer than the stall limit is reported stuck, and the callers of its batch fail at once
 * (its transaction may still commit later: they are told that). When no writer can take work (every
 * writer stuck, or items waiting the stall limit with none taken), what is queued fails too and
 * new items are refused at once, until a writer moves again. Each change is logged, and
 * {@link #health()} says where things stand.
 *
 * @param <T> what is written
 */
public final class GroupCommit<T> implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GroupCommit.class.getName());

    /** Writes a batch of items inside an open transaction. */
    @FunctionalInterface
    public interface BatchWriter<T> {
        /** Writes {@code items} with {@code handle}; the caller commits. */
        void write(Handle handle, List<T> items);
    }

    /** Told of each committed transaction: for the metrics of the writer. */
    @FunctionalInterface
    public interface CommitListener {
        /** {@code items} were committed in one transaction that took {@code nanos}, from its start to its commit. */
        void committed(int items, long nanos);
    }

    /** How long a writer may go without progress, by default, before it is reported stalled. */
    public static final Duration DEFAULT_STALL_LIMIT = Duration.ofMinutes(2);

    /** {@code queuedAt}: on the watchdog's clock. */
    private record Pending<T>(T item, CompletableFuture<Void> done, long queuedAt) {
    }

    /** One writer thread, as the watchdog sees it. */
    private final class Writer {
        final Thread thread;
        /** When it last took a batch or ended a transaction, on the watchdog's clock. */
        volatile long lastBeat;
        /** The batch it is writing, or null between batches. */
        volatile List<Pending<T>> inFlight;
        /** Whether the watchdog found it stuck and has not seen it move since. */
        volatile boolean stuck;

        Writer(int index) {
            lastBeat = clock.getAsLong();
            thread = Thread.ofPlatform().name("group-commit-" + name + "-" + index).daemon(false).unstarted(() -> run(this));
        }
    }

    private final String name;
    private final Jdbi jdbi;
    private final BatchWriter<T> writer;
    private final int maxBatch;
    private final BlockingQueue<Pending<T>> queue = new LinkedBlockingQueue<>();
    private final List<Writer> writers;
    private final Duration stallLimit;
    private final Duration checkEvery;
    private final LongSupplier clock;
    private final Thread watchdog;
    private volatile boolean watchdogStopped;
    /** Why new items are refused while no writer can take them, or null. */
    private volatile IllegalStateException refusing;
    private volatile WriterHealth health = WriterHealth.RUNNING;
    private volatile CommitListener listener = (items, nanos) -> { };
    /** When the writers were last seen stalled, on the clock; for the log line that they moved again. */
    private long stalledSince;
    /** Queued work no writer took within the stall limit, said in a few words, or null; and when that was seen. */
    private String untouched;
    private long untouchedSince;
    // Submitters share the read lock; close takes the write lock, so no item slips in after the
    // writer was told to finish.
    private final ReadWriteLock closing = new ReentrantReadWriteLock();
    private volatile boolean closed;
    /** The fatal error that stopped the writers, or null while they run. */
    private volatile VirtualMachineError fatal;

    /**
     * Starts one writer thread.
     *
     * @param name names the thread
     * @param jdbi where to write
     * @param writer how to write a batch
     * @param maxBatch the most items one transaction holds
     */
    public GroupCommit(String name, Jdbi jdbi, BatchWriter<T> writer, int maxBatch) {
        this(name, jdbi, writer, maxBatch, 1);
    }

    /**
     * Starts {@code writers} writer threads, each committing its own batches on its own connection.
     *
     * @param name names the threads
     * @param jdbi where to write
     * @param writer how to write a batch
     * @param maxBatch the most items one transaction holds
     * @param writers how many transactions may be open at once
     */
    public GroupCommit(String name, Jdbi jdbi, BatchWriter<T> writer, int maxBatch, int writers) {
        this(name, jdbi, writer, maxBatch, writers, DEFAULT_STALL_LIMIT);
    }

    /**
     * As above, with a stall limit of its own.
     *
     * @param stallLimit how long a writer may hold one transaction, or queued items wait with no
     *     writer taking any, before the watchdog reports a stall and fails the callers waiting
     */
    public GroupCommit(String name, Jdbi jdbi, BatchWriter<T> writer, int maxBatch, int writers, Duration stallLimit) {
        this(name, jdbi, writer, maxBatch, writers, stallLimit, min(stallLimit.dividedBy(4), Duration.ofSeconds(1)),
                System::nanoTime);
    }

    /** As above, with the watchdog looking every {@code checkEvery} and reading time from {@code clock} (nanoseconds). */
    GroupCommit(String name, Jdbi jdbi, BatchWriter<T> writer, int maxBatch, int writers, Duration stallLimit,
            Duration checkEvery, LongSupplier clock) {
        this.name = name;
        this.jdbi = jdbi;
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.stallLimit = stallLimit;
        this.checkEvery = checkEvery;
        this.clock = clock;
        List<Writer> started = new ArrayList<>(writers);
        for (int i = 0; i < writers; i++) {
            started.add(new Writer(i));
        }
        this.writers = List.copyOf(started);
        this.writers.forEach(w -> w.thread.start());
        this.watchdog = Thread.ofPlatform().name("group-commit-" + name + "-watchdog").daemon(true).start(this::watch);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Tells {@code listener} of every transaction committed from now on (one listener; a later one replaces it). */
    public void onCommit(CommitListener listener) {
        this.listener = listener;
    }

    /** How many items wait for a writer to take them. */
    public int queued() {
        return queue.size();
    }

    /** Queues one item; the future completes once it is committed, or fails with why not. */
    public CompletableFuture<Void> submit(T item) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        closing.readLock().lock();
        try {
            if (fatal != null) {
                done.completeExceptionally(stoppedBy(fatal));
            } else if (closed) {
                done.completeExceptionally(new IllegalStateException("the server is shutting down"));
            } else if (refusing != null) {
                done.completeExceptionally(refusing);
            } else {
                queue.add(new Pending<>(item, done, clock.getAsLong()));
            }
        } finally {
            closing.readLock().unlock();
        }
        return done;
    }

    /** Queues several items; the future completes once all are committed. */
    public CompletableFuture<Void> submitAll(List<T> items) {
        return CompletableFuture.allOf(items.stream().map(this::submit).toArray(CompletableFuture[]::new));
    }

    private void run(Writer self) {
        List<Pending<T>> batch = new ArrayList<>(maxBatch);
        while (fatal == null) {
            try {
                Pending<T> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                // In this order, so that the watchdog never sees the new batch with the old beat.
                beat(self);
                self.inFlight = List.copyOf(batch);
                writeBatch(self, batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (VirtualMachineError e) {
                stopAfter(e, batch);
            } finally {
                self.inFlight = null;
                batch.clear();
            }
        }
        // Stopped by a fatal error: stopAfter has failed what was queued, and nothing is queued after it.
    }

    private void writeBatch(Writer self, List<Pending<T>> batch) {
        Throwable failure = attempt(self, batch);
        if (failure == null) {
            return;
        }
        if (isWorthAnotherTry(failure)) {
            LOG.log(Level.INFO, "a write of " + batch.size() + " items runs again after: " + StoreFailures.describe(failure));
            failure = attempt(self, batch);
            if (failure == null) {
                return;
            }
        }
        if (batch.size() > 1 && !failsEveryItem(failure)) {
            writeOneByOne(self, batch);
            return;
        }
        if (failure instanceof Error) {
            LOG.log(Level.ERROR, "a write of " + batch.size() + " items failed", failure);
        } else {
            LOG.log(Level.WARNING, "a write of " + batch.size() + " items failed: " + StoreFailures.describe(failure));
        }
        Throwable why = failure;
        batch.forEach(pending -> pending.done().completeExceptionally(why));
    }

    /** Retries each item of a failed batch on its own, until the database itself fails. */
    private void writeOneByOne(Writer self, List<Pending<T>> batch) {
        for (int i = 0; i < batch.size(); i++) {
            Pending<T> pending = batch.get(i);
            List<Pending<T>> one = List.of(pending);
            Throwable failure = attempt(self, one);
            if (failure != null && isConflict(failure)) {
                failure = attempt(self, one);
            }
            if (failure == null) {
                continue;
            }
            LOG.log(Level.WARNING, "a write failed: " + StoreFailures.describe(failure));
            pending.done().completeExceptionally(failure);
            if (failsEveryItem(failure)) {
                // The database failed meanwhile: the items left would wait for it one by one.
                Throwable why = failure;
                batch.subList(i + 1, batch.size()).forEach(rest -> rest.done().completeExceptionally(why));
                return;
            }
        }
    }

    /**
     * Writes {@code pendings} in one transaction and tells their callers; or returns why not,
     * leaving the callers waiting. A {@link VirtualMachineError} is thrown on. Items whose callers
     * were already answered (failed by the watchdog while an earlier transaction hung) are left
     * out: they were told their item is not stored.
     */
    private Throwable attempt(Writer self, List<Pending<T>> pendings) {
        List<Pending<T>> waiting = pendings.stream().filter(pending -> !pending.done().isDone()).toList();
        if (waiting.isEmpty()) {
            return null;
        }
        long start = System.nanoTime();
        try {
            writeInOneTransaction(waiting);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable failure) {
            return failure;
        } finally {
            beat(self);
        }
        listener.committed(waiting.size(), System.nanoTime() - start);
        waiting.forEach(pending -> pending.done().complete(null));
        return null;
    }

    /** Whether the same transaction, run again at once, may succeed where it just failed. */
    private static boolean isWorthAnotherTry(Throwable failure) {
        return isConflict(failure) || !(failure instanceof Error) && StoreFailures.kindOf(failure) == StoreFailures.Kind.BUSY;
    }

    /** Whether the transaction lost to a concurrent one: a deadlock, a serialization failure. */
    private static boolean isConflict(Throwable failure) {
        return !(failure instanceof Error) && StoreFailures.kindOf(failure) == StoreFailures.Kind.CONFLICT;
    }

    /**
     * Whether every item would fail as {@code failure} did, each after as long: the database is
     * unreachable, SQLite's write lock stays taken, or the writer threw an {@link Error}, which
     * says nothing about the items.
     */
    private static boolean failsEveryItem(Throwable failure) {
        if (failure instanceof Error) {
            return true;
        }
        StoreFailures.Kind kind = StoreFailures.kindOf(failure);
        return kind == StoreFailures.Kind.UNAVAILABLE || kind == StoreFailures.Kind.BUSY;
    }

    private void writeInOneTransaction(List<Pending<T>> pendings) {
        List<T> items = new ArrayList<>(pendings.size());
        for (Pending<T> pending : pendings) {
            items.add(pending.item());
        }
        jdbi.useTransaction(handle -> writer.write(handle, items));
    }

    /** Fails the batch, everything queued and every later submission: the JVM cannot be trusted now. */
    private void stopAfter(VirtualMachineError error, List<Pending<T>> batch) {
        // Under the write lock, so every submission either sees the error or is queued before the
        // queue is emptied below.
        closing.writeLock().lock();
        try {
            if (fatal == null) {
                fatal = error;
            }
        } finally {
            closing.writeLock().unlock();
        }
        System.err.println("openloop: FATAL: " + error + " while writing " + name + "; every write of " + name
                + " fails from now on. Restart the node.");
        LOG.log(Level.ERROR, "a fatal error stopped the group-commit writer of " + name
                + "; every write fails until a restart", error);
        IllegalStateException stopped = stoppedBy(error);
        batch.forEach(pending -> pending.done().completeExceptionally(stopped));
        failQueued(stopped);
    }

    private void failQueued(Throwable why) {
        Pending<T> pending;
        while ((pending = queue.poll()) != null) {
            pending.done().completeExceptionally(why);
        }
    }

    private static IllegalStateException stoppedBy(VirtualMachineError error) {
        return new IllegalStateException("writes stopped after a fatal error: " + error, error);
    }

    /** Records progress of {@code self}: it took a batch or ended a transaction. */
    private void beat(Writer self) {
        self.lastBeat = clock.getAsLong();
    }

    /**
     * Whether every writer is back at the queue. A caller is answered just before its writer lets go
     * of the batch, so a test that moves the clock after an answer waits for this first.
     */
    boolean writersIdle() {
        return writers.stream().allMatch(w -> w.inFlight == null);
    }

    /** How the writers are doing; see {@link WriterHealth}. */
    public WriterHealth health() {
        if (fatal != null) {
            return new WriterHealth(WriterHealth.State.STOPPED, "writes of " + name + " stopped after a fatal error: " + fatal);
        }
        if (closed) {
            return new WriterHealth(WriterHealth.State.STOPPED, "writes of " + name + " are closed");
        }
        return health;
    }

    private void watch() {
        while (!watchdogStopped) {
            try {
                Thread.sleep(checkEvery);
            } catch (InterruptedException e) {
                return;
            }
            checkProgress();
        }
    }

    /**
     * One look at the writers. A writer in a transaction that has not moved for the stall limit is
     * stuck: its callers fail. When no writer can take work (all stuck, or the oldest item queued
     * has waited the stall limit with no writer moving meanwhile), the queue fails and new items
     * are refused until one moves again.
     */
    synchronized void checkProgress() {
        long now = clock.getAsLong();
        long limit = stallLimit.toNanos();
        List<String> problems = new ArrayList<>();
        long lastProgress = Long.MIN_VALUE;
        boolean allStuck = true;
        for (Writer w : writers) {
            List<Pending<T>> batch = w.inFlight;
            long silent = now - w.lastBeat;
            lastProgress = Math.max(lastProgress, w.lastBeat);
            w.stuck = batch != null && silent > limit;
            allStuck &= w.stuck;
            if (w.stuck) {
                String problem = w.thread.getName() + " has been in one transaction of " + batch.size() + " items for "
                        + seconds(silent);
                problems.add(problem);
                IllegalStateException why = new IllegalStateException("writing " + name + " stalled: " + problem
                        + "; the transaction holding this item may still commit");
                batch.forEach(pending -> pending.done().completeExceptionally(why));
            }
        }
        if (untouched != null && lastProgress > untouchedSince) {
            untouched = null;
        }
        Pending<T> oldest = queue.peek();
        if (untouched == null && oldest != null && now - Math.max(oldest.queuedAt(), lastProgress) > limit) {
            // Kept until a writer moves: failing the queue empties it, but the writers are no better.
            untouched = "items queued (the oldest for " + seconds(now - oldest.queuedAt()) + ") with no writer taking any";
            untouchedSince = now;
        }
        if (untouched != null) {
            problems.add(untouched);
        }
        String detail = "writes of " + name + " made no progress within " + seconds(limit) + ": " + String.join("; ", problems);
        IllegalStateException refusal = allStuck || untouched != null
                ? new IllegalStateException(detail + "; this item was not written")
                : null;
        closing.writeLock().lock();
        try {
            refusing = refusal;
        } finally {
            closing.writeLock().unlock();
        }
        if (refusal != null) {
            failQueued(refusal);
        }
        report(problems.isEmpty() ? WriterHealth.RUNNING : new WriterHealth(WriterHealth.State.STALLED, detail), now);
    }

    /** Logs a change between running and stalled, and publishes the new health. */
    private void report(WriterHealth now, long at) {
        WriterHealth before = health;
        health = now;
        if (before.isRunning() && !now.isRunning()) {
            stalledSince = at;
            LOG.log(Level.WARNING, now.detail() + ". Waiting callers fail; new writes are refused while no writer can take them.");
        } else if (!before.isRunning() && now.isRunning()) {
            LOG.log(Level.INFO, "writes of " + name + " move again after a stall of " + seconds(at - stalledSince));
        }
    }

    private static String seconds(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(nanos) + " s";
    }

    /**
     * Stops taking items, writes everything already queued, and waits for the writers to finish,
     * or to be found stuck: what a stuck writer would have written next fails instead.
     */
    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            closed = true;
        } finally {
            closing.writeLock().unlock();
        }
        try {
            for (Writer w : writers) {
                while (w.thread.isAlive() && !w.stuck) {
                    w.thread.join(checkEvery);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watchdogStopped = true;
            watchdog.interrupt();
            failQueued(new IllegalStateException("the server is shutting down with the writer of " + name + " stalled"));
        }
    }
}
