package dev.openloop.server.store;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Waits for what a test expects of a group commit's writers (an answer, a writer entering its
 * batch writer), and fails at once, saying why, as soon as the writers can no longer give it:
 * every writer thread has ended, or every writer waits at an empty queue while the awaited thing
 * has not happened. A writer back at the queue has finished every batch it took before, so what
 * was queued before is answered by then, whatever the machine's speed: these are facts about the
 * writers, not times.
 *
 * <p>That is what keeps a broken writer (a mutant that drops an answer or ends its thread) from
 * hanging a test until its patience runs out, or until mutation testing's time-out, which costs a
 * new test JVM besides. The patience stays, as the bound for what no fact here catches.
 */
final class WriterWatch {
    /** How long a test waits for something that happens at once on a healthy machine, before it fails instead of hanging. */
    static final long PATIENCE_SECONDS = 30;
    /** How often the writers are looked at while the awaited thing has not happened; it ends each wait early. */
    private static final long LOOK_EVERY_MILLIS = 10;

    private final GroupCommit<?> commits;
    private final String threadPrefix;
    /** The writer threads, found at the first look (they live until the group commit closes). */
    private List<Thread> writers;

    private WriterWatch(GroupCommit<?> commits, String name) {
        this.commits = commits;
        this.threadPrefix = "group-commit-" + name + "-";
    }

    /** Watches the writers of {@code commits}, made with {@code name}. */
    static WriterWatch of(GroupCommit<?> commits, String name) {
        return new WriterWatch(commits, name);
    }

    /** As {@link Future#get()}: the answer, or {@link ExecutionException} with why it failed. */
    <V> V get(CompletableFuture<V> future) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (true) {
            try {
                return future.get(LOOK_EVERY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException notYet) {
                failIfNoWriterCanAnswer(future::isDone, "the answer to an item", deadline);
            }
        }
    }

    /** Waits for {@code latch}, counted down by a batch writer. */
    void await(CountDownLatch latch) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (!latch.await(LOOK_EVERY_MILLIS, TimeUnit.MILLISECONDS)) {
            failIfNoWriterCanAnswer(() -> latch.getCount() == 0, "a batch writer to be entered", deadline);
        }
    }

    /**
     * Fails when {@code happened} is still false although no writer can make it happen any more.
     * In this order: the queue is seen empty first, so that whatever was queued before had been
     * taken; then every writer is seen waiting for a new item, so each has finished what it took;
     * then {@code happened} is read.
     */
    private void failIfNoWriterCanAnswer(BooleanSupplier happened, String what, long deadline) {
        if (writers == null) {
            writers = writerThreads();
        }
        boolean queueEmpty = commits.queued() == 0;
        boolean allEnded = writers.stream().noneMatch(Thread::isAlive);
        boolean allWaitingForAnItem = queueEmpty && writers.stream().allMatch(writer -> waitsForAnItem(writer.getStackTrace()));
        if (happened.getAsBoolean()) {
            return;
        }
        if (allEnded) {
            throw new AssertionError("every writer thread (" + threadPrefix + "*) has ended while the test waited for " + what);
        }
        if (allWaitingForAnItem) {
            throw new AssertionError("every writer (" + threadPrefix + "*) is back at an empty queue while the test waited for "
                    + what + ": it was dropped");
        }
        if (System.nanoTime() > deadline) {
            throw new AssertionError("still waiting for " + what + " after " + PATIENCE_SECONDS + " s");
        }
    }

    /** The live writer threads of this group commit: {@code group-commit-<name>-<index>}, the watchdog left out. */
    private List<Thread> writerThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int count = root.enumerate(threads, true);
        return Arrays.stream(threads, 0, count).filter(this::isWriter).toList();
    }

    private boolean isWriter(Thread thread) {
        String name = thread.getName();
        return name.startsWith(threadPrefix) && name.length() > threadPrefix.length()
                && name.substring(threadPrefix.length()).chars().allMatch(Character::isDigit);
    }

    /**
     * Whether a writer's stack shows it parked in the queue's poll, waiting for an item to arrive:
     * not yet taking one (that follows the wait) nor letting go of the queue's locks after one.
     */
    private static boolean waitsForAnItem(StackTraceElement[] stack) {
        for (int i = 0; i + 1 < stack.length; i++) {
            if (stack[i].getMethodName().equals("awaitNanos") && stack[i].getClassName().endsWith("$ConditionObject")
                    && stack[i + 1].getClassName().equals("java.util.concurrent.LinkedBlockingQueue")
                    && stack[i + 1].getMethodName().equals("poll")) {
                return stack.length > i + 2 && stack[i + 2].getClassName().equals(GroupCommit.class.getName());
            }
        }
        return false;
    }
}
