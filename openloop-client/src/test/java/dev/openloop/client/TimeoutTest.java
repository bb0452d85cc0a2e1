package dev.openloop.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.ChatResponse;
import dev.openloop.client.testing.LocalServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Answers slower than the client's timeout, and calls given up by their caller. */
class TimeoutTest {
    private static final ChatRequest REQUEST = ChatRequest.builder().messages(ChatMessage.user("Hi")).build();
    /**
     * The timeout of the tests where the server must answer in part before the client gives up:
     * long enough for a busy machine to send the headers, so that it is the stall that is timed out.
     */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(2);

    /**
     * One whole exchange before the timed ones: a cold JVM on a busy machine can spend longer than
     * these timeouts loading the HTTP client and the JSON mapper, and the request would then time
     * out before it reached the server, which is not what these tests are about.
     */
    @BeforeAll
    static void warmUp() {
        try (LocalServer server = LocalServer.answering(LocalServer.json(200, LocalServer.chatAnswer("warm")));
                Humanloop humanloop = Humanloop.builder().apiKey("hl-key").basePath(server.basePath()).build()) {
            humanloop.chat(REQUEST);
        }
    }

    private static Humanloop.Builder impatient(LocalServer server) {
        return Humanloop.builder().apiKey("hl-key").basePath(server.basePath())
                .timeout(Duration.ofMillis(500)).initialRetryDelay(Duration.ofMillis(1));
    }

    @Test
    void aChatWithNoAnswerWithinTheTimeoutIsATimeoutNotTriedAgain() {
        try (LocalServer server = LocalServer.answering();
                Humanloop humanloop = impatient(server).maxRetries(2).build()) {
            server.answerWith(server.hang());
            ApiTimeoutException e = catchThrowableOfType(ApiTimeoutException.class, () -> humanloop.chat(REQUEST));

            assertThat(e).hasMessageStartingWith("No answer to POST /chat at http://127.0.0.1:")
                    .hasMessageEndingWith("within PT0.5S");
            assertThat(e).isInstanceOf(ApiConnectionException.class);
            // The server may be generating still: sent again, the chat would run twice.
            assertThat(server.received()).hasSize(1);
        }
    }

    @Test
    void aGetWithNoAnswerWithinTheTimeoutIsTriedAgain() {
        try (LocalServer server = LocalServer.answering();
                Humanloop humanloop = impatient(server).maxRetries(1).build()) {
            server.answerWith(server.hang());
            ApiTimeoutException e = catchThrowableOfType(ApiTimeoutException.class,
                    () -> humanloop.projects().get("pr_1"));

            assertThat(e).hasMessageStartingWith("No answer to GET /projects/pr_1 at http://127.0.0.1:");
            assertThat(server.received()).extracting(LocalServer.Received::method).containsExactly("GET", "GET");
        }
    }

    @Test
    void aBodyThatStopsHalfWayIsATimeoutToo() {
        try (LocalServer server = LocalServer.answering();
                Humanloop humanloop = impatient(server).timeout(STALL_TIMEOUT).maxRetries(0).build()) {
            server.answerWith(server.headersThenSilence());
            assertThatExceptionOfType(ApiTimeoutException.class).isThrownBy(() -> humanloop.chat(REQUEST))
                    .withMessageStartingWith("No answer to POST /chat at http://127.0.0.1:")
                    .withMessageEndingWith("within PT2S");
            assertThat(server.received()).hasSize(1);
        }
    }

    @Test
    void aStreamThatDoesNotStartWithinTheTimeoutIsATimeout() {
        try (LocalServer server = LocalServer.answering();
                Humanloop humanloop = impatient(server).maxRetries(0).build()) {
            server.answerWith(server.hang());
            assertThatExceptionOfType(ApiTimeoutException.class).isThrownBy(() -> humanloop.chatStream(REQUEST))
                    .withMessageStartingWith("No answer to POST /chat at http://127.0.0.1:")
                    .withMessageEndingWith("within PT0.5S");
            assertThat(server.received()).hasSize(1);
        }
    }

    @Test
    void anErrorBodyThatStallsWhileAStreamOpensIsCutAtTheTimeout() {
        try (LocalServer server = LocalServer.answering();
                Humanloop humanloop = impatient(server).timeout(STALL_TIMEOUT).maxRetries(0).build()) {
            server.answerWith(server.partOfBodyThenSilence(503, "application/json", 100, "{\"det"));

            // Without a bound the call would wait for the server to give up (a minute here).
            ServerException e = catchThrowableOfType(ServerException.class, () -> humanloop.chatStream(REQUEST));

            assertThat(e).as("the call failed").isNotNull();
            assertThat(server.answersInProgress()).as("the client gave up while the server was still answering").isEqualTo(1);
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.bodyText()).as("what arrived before the cut is not taken for a body").isEmpty();
            assertThat(server.received()).hasSize(1);
        }
    }

    @Test
    void aSuccessThatIsNotAnEventStreamAndStallsIsCutAtTheTimeout() {
        try (LocalServer server = LocalServer.answering();
                Humanloop humanloop = impatient(server).timeout(STALL_TIMEOUT).maxRetries(0).build()) {
            server.answerWith(server.partOfBodyThenSilence(200, "application/json", 100, "{\"data"));

            MalformedResponseException e = catchThrowableOfType(MalformedResponseException.class,
                    () -> humanloop.chatStream(REQUEST));

            assertThat(server.answersInProgress()).as("the client gave up while the server was still answering").isEqualTo(1);
            assertThat(e).hasMessage("POST /chat was answered 200 with content type 'application/json' instead of "
                    + "text/event-stream");
        }
    }

    @Test
    void cancellingAnAsyncCallAbortsIt() throws InterruptedException {
        CountDownLatch callEnded = new CountDownLatch(1);
        AtomicBoolean interruptedAfterTheCall = new AtomicBoolean(true);
        Executor recording = task -> Thread.ofVirtual().start(() -> {
            try {
                task.run();
            } finally {
                interruptedAfterTheCall.set(Thread.currentThread().isInterrupted());
                callEnded.countDown();
            }
        });
        try (LocalServer server = LocalServer.answering();
                Humanloop humanloop = Humanloop.builder().apiKey("hl-key").basePath(server.basePath())
                        .executor(recording).build()) {
            server.answerWith(server.hang());
            CompletableFuture<ApiResponse<ChatResponse>> future = humanloop.chatAsync(REQUEST);
            while (server.received().isEmpty()) {
                Thread.sleep(5);
            }

            assertThat(future.cancel(true)).isTrue();

            // The server is still holding its answer back: only the cancel can have ended the call.
            assertThat(callEnded.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(future.isCancelled()).isTrue();
            assertThat(server.received()).hasSize(1);
            // The interrupt meant for the call does not stay on the executor's thread.
            assertThat(interruptedAfterTheCall).isFalse();
        }
    }
}
