package dev.openloop.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.lang.System.Logger.Level;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Writes items submitted by many threads in shared transactions: a writer thread takes
 * everything waiting, writes it in one transaction, commits once, then completes every waiting
 * caller. Under load a commit carries many rows; alone, a row is committed at once.
 *
 * <p>A caller is told its item is stored only after the commit that holds it. If a shared
 * transaction fails because of what was written (a duplicate key, say; see {@link StoreFailures#concernTheItems}),
 * each of its items is retried in a transaction of its own, so one bad row fails only its own
 * caller. If it fails because of the database (unreachable, out of connections), every item of
 * the batch fails at once: retrying them one by one would fail them the same way, each after
 * waiting as long again.
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

    private record Pending<T>(T item, CompletableFuture<Void> done) {
    }

    private final String name;
    private final Jdbi jdbi;
    private final BatchWriter<T> writer;
    private final int maxBatch;
    private final BlockingQueue<Pending<T>> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads;
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
        this.name = name;
        this.jdbi = jdbi;
        this.writer = writer;
        this.maxBatch = maxBatch;
        List<Thread> started = new ArrayList<>(writers);
        for (int i = 0; i < writers; i++) {
            started.add(Thread.ofPlatform().name("group-commit-" + name + "-" + i).daemon(false).start(this::run));
        }
        this.threads = List.copyOf(started);
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
            } else {
                queue.add(new Pending<>(item, done));
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

    private void run() {
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
                writeBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (VirtualMachineError e) {
                stopAfter(e, batch);
            } finally {
                batch.clear();
            }
        }
        failQueued(stoppedBy(fatal));
    }

    private void writeBatch(List<Pending<T>> batch) {
        try {
            writeInOneTransaction(batch);
            batch.forEach(pending -> pending.done().complete(null));
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable shared) {
            if (batch.size() > 1 && StoreFailures.concernTheItems(shared)) {
                writeOneByOne(batch);
            } else {
                if (shared instanceof Error) {
                    LOG.log(Level.ERROR, "a write of " + batch.size() + " items failed", shared);
                } else {
                    LOG.log(Level.WARNING, "a write of " + batch.size() + " items failed: " + StoreFailures.describe(shared));
                }
                batch.forEach(pending -> pending.done().completeExceptionally(shared));
            }
        }
    }

    /** Retries each item of a failed batch on its own, until the database itself fails. */
    private void writeOneByOne(List<Pending<T>> batch) {
        for (int i = 0; i < batch.size(); i++) {
            Pending<T> pending = batch.get(i);
            try {
                writeInOneTransaction(List.of(pending));
                pending.done().complete(null);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable single) {
                LOG.log(Level.WARNING, "a write failed: " + StoreFailures.describe(single));
                pending.done().completeExceptionally(single);
                if (!StoreFailures.concernTheItems(single)) {
                    // The database failed meanwhile: the items left would wait for it one by one.
                    batch.subList(i + 1, batch.size()).forEach(rest -> rest.done().completeExceptionally(single));
                    return;
                }
            }
        }
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

    /** Stops taking items, writes everything already queued, and waits for the writers to finish. */
    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            closed = true;
        } finally {
            closing.writeLock().unlock();
        }
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
