package dev.openloop.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Runs blocking calls on the client's executor and hands back futures, which fail with the SDK's
 * exception itself (see {@link CallFuture}). Every call has one code
 * path, the blocking one (with its retries), which on virtual threads costs no platform thread
 * while it waits. Cancelling a future with {@code cancel(true)} interrupts its call, which aborts
 * the exchange under way and any wait before a retry.
 */
final class AsyncCalls {
    private final Executor executor;
    private final Transport transport;

    AsyncCalls(Executor executor, Transport transport) {
        this.executor = executor;
        this.transport = transport;
    }

    /**
     * Runs {@code call} on the executor.
     *
     * @throws IllegalStateException at once when the client is closed, as the blocking calls do
     */
    <T> CompletableFuture<T> submit(Supplier<T> call) {
        transport.ensureOpen();
        Call<T> future = new Call<>();
        try {
            executor.execute(() -> future.run(call));
        } catch (RejectedExecutionException e) {
            // The client's own executor refuses work once the client closed between the check and here.
            transport.ensureOpen();
            throw e;
        }
        return future;
    }

    /**
     * A publisher of the stream {@code opener} opens, on the executor.
     *
     * @throws IllegalStateException at once when the client is closed
     */
    ChatPublisher publish(Supplier<ChatStream> opener) {
        transport.ensureOpen();
        return new ChatPublisher(opener, executor);
    }

    /** A future that interrupts its call when cancelled, and only while the call runs. */
    private static final class Call<T> extends CallFuture<T> {
        private final Object lock = new Object();
        private Thread runner;
        private boolean interruptedByCancel;

        void run(Supplier<T> call) {
            synchronized (lock) {
                if (isDone()) {
                    return;
                }
                runner = Thread.currentThread();
            }
            try {
                complete(call.get());
            } catch (Throwable t) {
                completeExceptionally(t);
            } finally {
                synchronized (lock) {
                    runner = null;
                    if (interruptedByCancel) {
                        // The interrupt was for this call only; the executor's thread may run others.
                        Thread.interrupted();
                    }
                }
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled && mayInterruptIfRunning) {
                synchronized (lock) {
                    if (runner != null) {
                        interruptedByCancel = true;
                        runner.interrupt();
                    }
                }
            }
            return cancelled;
        }
    }
}
