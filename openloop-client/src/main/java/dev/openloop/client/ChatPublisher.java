package dev.openloop.client;

import dev.openloop.api.chat.ChatResponse;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A streamed chat answer, delivered asynchronously: a {@link Flow.Publisher} of the chunks, for
 * any Reactive Streams library ({@code JdkFlowAdapter}, {@code Flux.from(FlowAdapters...)}), or
 * a callback per chunk.
 *
 * <pre>{@code
 * humanloop.chatStreamAsync(params)
 *         .subscribe(chunk -> System.out.print(chunk.output()))   // on the client's executor
 *         .thenAccept(whole -> System.out.println("\nlog " + whole.data().getFirst().id()))
 *         .exceptionally(e -> { System.err.println(e.getMessage()); return null; });
 * }</pre>
 *
 * <p>Nothing is sent until the first subscription, and only one subscriber is taken: the answer
 * is one stream. The request is sent and the chunks read on the client's executor, one at a time,
 * never more than the subscriber requested; reading waits while it has no demand, without the
 * client's timeout running. Cancelling the subscription closes the connection. Failures are those
 * of {@link ChatStream}, delivered to {@code onError} as the exception itself.
 */
public final class ChatPublisher implements Flow.Publisher<ChatChunk> {
    private final Supplier<ChatStream> opener;
    private final Executor executor;
    private final CallFuture<ChatResponse> result = new CallFuture<>();
    private final AtomicBoolean subscribed = new AtomicBoolean();

    ChatPublisher(Supplier<ChatStream> opener, Executor executor) {
        this.opener = opener;
        this.executor = executor;
    }

    /**
     * Sends the request and delivers its chunks to {@code subscriber} as it requests them, then
     * {@code onComplete}, or {@code onError} with the failure. A second subscriber gets
     * {@code onError} with an {@link IllegalStateException}.
     *
     * @param subscriber the subscriber
     */
    @Override
    public void subscribe(Flow.Subscriber<? super ChatChunk> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("A ChatPublisher takes one subscriber: its answer is one stream"));
            return;
        }
        Delivery delivery = new Delivery(subscriber);
        subscriber.onSubscribe(delivery);
        try {
            executor.execute(delivery::run);
        } catch (RejectedExecutionException e) {
            delivery.fail(new IllegalStateException("This Humanloop client is closed: build a new one to make further calls", e));
        }
    }

    /**
     * Subscribes with a callback for each chunk, taking them as fast as they come.
     *
     * @param onChunk called with each chunk, in order, on the client's executor
     * @return the whole answer, as {@link ChatStream#result()} has it, once the stream has ended;
     *     or the failure itself ({@link ApiException}, {@link ApiConnectionException}, or what
     *     {@code onChunk} threw)
     */
    public CompletableFuture<ChatResponse> subscribe(Consumer<? super ChatChunk> onChunk) {
        Objects.requireNonNull(onChunk, "onChunk");
        subscribe(new Flow.Subscriber<ChatChunk>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ChatChunk chunk) {
                try {
                    onChunk.accept(chunk);
                } catch (RuntimeException e) {
                    // The result first: cancelling would otherwise complete it as cancelled.
                    result.completeExceptionally(e);
                    subscription.cancel();
                }
            }

            @Override
            public void onError(Throwable failure) {
                // The result carries it.
            }

            @Override
            public void onComplete() {
                // The result carries the whole answer.
            }
        });
        return result;
    }

    /**
     * The whole answer, once the stream has ended (what {@link ChatStream#result()} returns), or
     * its failure; cancelled when the subscription is. Subscribing is what starts the call.
     *
     * @return the future of the whole answer
     */
    public CompletableFuture<ChatResponse> result() {
        return result;
    }

    /** One subscription: reads the stream on the executor, as far as the subscriber asked. */
    private final class Delivery implements Flow.Subscription {
        private final Flow.Subscriber<? super ChatChunk> subscriber;
        private final Object lock = new Object();
        private long demand;
        private boolean cancelled;
        private IllegalArgumentException badRequest;
        private ChatStream stream;

        Delivery(Flow.Subscriber<? super ChatChunk> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            synchronized (lock) {
                if (n <= 0) {
                    badRequest = new IllegalArgumentException("A subscriber must request a positive number of chunks, not " + n);
                } else {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                }
                lock.notifyAll();
            }
        }

        @Override
        public void cancel() {
            ChatStream open;
            synchronized (lock) {
                cancelled = true;
                open = stream;
                lock.notifyAll();
            }
            if (open != null) {
                // Wakes a read that is waiting for the next event.
                open.close();
            }
            result.cancel(false);
        }

        void run() {
            try (ChatStream opened = opener.get()) {
                synchronized (lock) {
                    if (cancelled) {
                        return;
                    }
                    stream = opened;
                }
                Iterator<ChatChunk> chunks = opened.iterator();
                while (awaitDemand() && chunks.hasNext()) {
                    ChatChunk chunk = chunks.next();
                    synchronized (lock) {
                        demand--;
                    }
                    subscriber.onNext(chunk);
                }
                if (isCancelled()) {
                    return;
                }
                ChatResponse whole = opened.result();
                subscriber.onComplete();
                result.complete(whole);
            } catch (RuntimeException | Error e) {
                if (!isCancelled() || e instanceof IllegalArgumentException) {
                    fail(e);
                }
            }
        }

        /** Waits until the subscriber wants a chunk; false once it cancelled. */
        private boolean awaitDemand() {
            synchronized (lock) {
                while (demand == 0 && !cancelled && badRequest == null) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new HumanloopException("Interrupted while waiting for the subscriber's demand", e);
                    }
                }
                if (badRequest != null) {
                    cancelled = true;
                    throw badRequest;
                }
                return !cancelled;
            }
        }

        private boolean isCancelled() {
            synchronized (lock) {
                return cancelled;
            }
        }

        void fail(Throwable failure) {
            subscriber.onError(failure);
            result.completeExceptionally(failure);
        }
    }
}
