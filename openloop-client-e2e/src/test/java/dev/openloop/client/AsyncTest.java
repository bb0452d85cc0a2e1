package dev.openloop.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatResponse;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.client.testing.NodeWithClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The asynchronous forms against a real node: futures that fail with the SDK's exception itself,
 * and streams delivered to a {@link Flow.Subscriber} or a callback.
 */
class AsyncTest {
    @RegisterExtension
    static final NodeWithClient openloop = new NodeWithClient();

    private static ChatParams mockChat(String text) {
        return ChatParams.builder()
                .project("sdk-async")
                .messages(ChatMessage.user(text))
                .modelConfig(ModelConfigRequest.of(ModelProvider.MOCK, "mock-1"))
                .build();
    }

    private static ChatExperimentParams unknownExperiment() {
        return ChatExperimentParams.builder().project("sdk-async").experimentId("exp_doesnotexist")
                .messages(ChatMessage.user("Hi")).build();
    }

    @Test
    void aFailedFutureThrowsTheApiExceptionItselfFromJoinAndToItsHandlers() {
        CompletableFuture<ApiResponse<ChatResponse>> future = openloop.humanloop().chatExperimentAsync(unknownExperiment());

        assertThatThrownBy(future::join).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> future.getNow(null)).isInstanceOf(NotFoundException.class);
        // A stage made from it fails the same way, and its handlers see the exception itself.
        CompletableFuture<String> output = future.thenApply(response -> response.body().data().getFirst().output());
        assertThatThrownBy(output::join).isInstanceOf(NotFoundException.class);
        assertThat(output.exceptionally(e -> e.getClass().getSimpleName()).join()).isEqualTo("NotFoundException");
        assertThat(output.handle((value, e) -> e).join()).isInstanceOf(NotFoundException.class);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        output.whenComplete((value, e) -> seen.set(e)).exceptionally(e -> null).join();
        assertThat(seen.get()).isInstanceOf(NotFoundException.class);
        // get() keeps its contract: the exception is the cause.
        assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class).cause().isInstanceOf(NotFoundException.class);
    }

    @Test
    void aStreamIsDeliveredToACallbackAndEndsWithTheWholeAnswer() {
        List<String> outputs = new ArrayList<>();
        ChatResponse whole = openloop.humanloop().chatStreamAsync(mockChat("Stream this to a callback"))
                .subscribe(chunk -> outputs.add(chunk.output()))
                .join();

        assertThat(outputs).hasSizeGreaterThan(3);
        assertThat(String.join("", outputs)).isEqualTo("Mock response to: Stream this to a callback");
        assertThat(whole.data().getFirst().output()).isEqualTo("Mock response to: Stream this to a callback");
        assertThat(whole.data().getFirst().id()).startsWith("data_");
    }

    @Test
    void aSubscriberGetsNoMoreChunksThanItRequested() throws Exception {
        ChatPublisher publisher = openloop.humanloop().chatStreamAsync(mockChat("one two three four five six"));
        Recording subscriber = new Recording(2, false);
        LinkedBlockingQueue<Object> signals = subscriber.signals;
        publisher.subscribe(subscriber);

        assertThat(signals.poll(30, TimeUnit.SECONDS)).isInstanceOf(ChatChunk.class);
        assertThat(signals.poll(30, TimeUnit.SECONDS)).isInstanceOf(ChatChunk.class);
        // Nothing more arrives until asked for: the publisher waits for demand.
        assertThat(signals.poll(300, TimeUnit.MILLISECONDS)).isNull();
        assertThat(publisher.result()).isNotDone();

        subscriber.subscription.request(Long.MAX_VALUE);
        List<Object> rest = new ArrayList<>();
        Object signal;
        do {
            signal = signals.poll(30, TimeUnit.SECONDS);
            rest.add(signal);
        } while (signal instanceof ChatChunk);
        assertThat(rest.getLast()).isEqualTo("complete");
        assertThat(publisher.result().join().data().getFirst().output()).isEqualTo("Mock response to: one two three four five six");
    }

    @Test
    void cancellingTheSubscriptionClosesTheStreamAndCancelsTheResult() throws Exception {
        ChatPublisher publisher = openloop.humanloop().chatStreamAsync(mockChat("cancel me after one"));
        Recording subscriber = new Recording(1, true);
        LinkedBlockingQueue<Object> signals = subscriber.signals;
        publisher.subscribe(subscriber);

        assertThat(signals.poll(30, TimeUnit.SECONDS)).isInstanceOf(ChatChunk.class);
        assertThatThrownBy(() -> publisher.result().join()).isInstanceOf(CancellationException.class);
        assertThat(signals.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aFailureBeforeTheStreamStartsReachesOnErrorAsTheExceptionItself() {
        ChatPublisher publisher = openloop.humanloop().chatExperimentStreamAsync(unknownExperiment());
        CompletableFuture<ChatResponse> whole = publisher.subscribe(chunk -> {
        });

        assertThatThrownBy(whole::join).isInstanceOf(NotFoundException.class);
        // One answer, one stream: a second subscriber is told so.
        Recording second = new Recording(1, false);
        publisher.subscribe(second);
        assertThat(second.signals.poll()).isInstanceOf(IllegalStateException.class)
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.THROWABLE).hasMessageContaining("one subscriber");
    }

    @Test
    void aCallbackThatThrowsEndsTheStreamWithItsException() {
        CompletableFuture<ChatResponse> whole = openloop.humanloop().chatStreamAsync(mockChat("the callback fails"))
                .subscribe(chunk -> {
                    throw new IllegalStateException("callback failed");
                });

        assertThatThrownBy(whole::join).isInstanceOf(java.util.concurrent.CompletionException.class)
                .cause().hasMessage("callback failed");
    }

    /** Records every signal in order: chunks, the failure, or {@code "complete"}. */
    private static final class Recording implements Flow.Subscriber<ChatChunk> {
        final LinkedBlockingQueue<Object> signals = new LinkedBlockingQueue<>();
        private final long firstRequest;
        private final boolean cancelOnFirstChunk;
        volatile Flow.Subscription subscription;

        Recording(long firstRequest, boolean cancelOnFirstChunk) {
            this.firstRequest = firstRequest;
            this.cancelOnFirstChunk = cancelOnFirstChunk;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(firstRequest);
        }

        @Override
        public void onNext(ChatChunk chunk) {
            signals.add(chunk);
            if (cancelOnFirstChunk) {
                subscription.cancel();
            }
        }

        @Override
        public void onError(Throwable failure) {
            signals.add(failure);
        }

        @Override
        public void onComplete() {
            signals.add("complete");
        }
    }
}
