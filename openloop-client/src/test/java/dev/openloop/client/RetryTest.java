package dev.openloop.client;

import static dev.openloop.client.testing.LocalServer.chatAnswer;
import static dev.openloop.client.testing.LocalServer.event;
import static dev.openloop.client.testing.LocalServer.events;
import static dev.openloop.client.testing.LocalServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.ChatResponse;
import dev.openloop.client.testing.LocalServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What is tried again, how often, and what is not: counted on a local server. */
class RetryTest {
    private static final ChatRequest REQUEST = ChatRequest.builder().messages(ChatMessage.user("Hi")).build();
    private static final String RATE_LIMITED = """
            {"detail":{"type":"rate_limit_error","message":"slow down","code":429,"origin":"OpenAI"}}""";

    private static Humanloop client(String basePath, int maxRetries) {
        return Humanloop.builder()
                .apiKey("hl-key")
                .basePath(basePath)
                .maxRetries(maxRetries)
                .initialRetryDelay(Duration.ofMillis(1))
                .maxRetryDelay(Duration.ofMillis(20))
                .build();
    }

    @Test
    void aRateLimitIsTriedAgainAfterTheRetryAfterItGave() {
        try (LocalServer server = LocalServer.answering(
                json(429, RATE_LIMITED, "Retry-After", "0"),
                json(429, RATE_LIMITED, "Retry-After", "0"),
                json(200, chatAnswer("at last")));
                Humanloop humanloop = client(server.basePath(), 2)) {
            ApiResponse<ChatResponse> response = humanloop.chat(REQUEST);

            assertThat(response.body().data().getFirst().output()).isEqualTo("at last");
            assertThat(server.received()).hasSize(3);
            // Each attempt sends the same request again.
            assertThat(server.received()).extracting(LocalServer.Received::body).containsOnly(server.received().getFirst().body());
        }
    }

    @Test
    void aRetryAfterGivenAsAnHttpDateInThePastMeansNow() {
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(1));
        try (LocalServer server = LocalServer.answering(json(503, "{\"detail\":\"busy\"}", "Retry-After", past),
                json(200, chatAnswer("ok")));
                Humanloop humanloop = client(server.basePath(), 1)) {
            assertThat(humanloop.chat(REQUEST).status()).isEqualTo(200);
            assertThat(server.received()).hasSize(2);
        }
    }

    @Test
    void aServerErrorThenSuccessSucceeds() {
        try (LocalServer server = LocalServer.answering(json(500, "{\"detail\":\"Internal server error\"}"),
                json(200, chatAnswer("second time lucky")));
                Humanloop humanloop = client(server.basePath(), 2)) {
            assertThat(humanloop.chat(REQUEST).body().data().getFirst().output()).isEqualTo("second time lucky");
            assertThat(server.received()).hasSize(2);
        }
    }

    @Test
    void whenTheRetriesRunOutTheLastErrorIsThrown() {
        try (LocalServer server = LocalServer.answering(json(503, "{\"detail\":\"overloaded\"}"));
                Humanloop humanloop = client(server.basePath(), 3)) {
            ServerException e = catchThrowableOfType(ServerException.class, () -> humanloop.chat(REQUEST));

            assertThat(e.status()).isEqualTo(503);
            assertThat(e).hasMessage("503 Service Unavailable: overloaded");
            assertThat(server.received()).hasSize(4);
        }
    }

    @Test
    void noRetriesMeansOneAttempt() {
        try (LocalServer server = LocalServer.answering(json(502, "{\"detail\":\"bad gateway\"}"));
                Humanloop humanloop = client(server.basePath(), 0)) {
            catchThrowableOfType(ServerException.class, () -> humanloop.chat(REQUEST));
            assertThat(server.received()).hasSize(1);
        }
    }

    @Test
    void aRetryAfterLongerThanAMinuteIsLeftToTheCaller() {
        try (LocalServer server = LocalServer.answering(json(429, RATE_LIMITED, "Retry-After", "120"));
                Humanloop humanloop = client(server.basePath(), 2)) {
            RateLimitException e = catchThrowableOfType(RateLimitException.class, () -> humanloop.chat(REQUEST));

            assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(120));
            assertThat(server.received()).hasSize(1);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 422})
    void whatTheCallerMustFixIsNeverTriedAgain(int status) {
        try (LocalServer server = LocalServer.answering(json(status, "{\"detail\":\"no\"}"));
                Humanloop humanloop = client(server.basePath(), 3)) {
            ApiException e = catchThrowableOfType(ApiException.class, () -> humanloop.chat(REQUEST));

            assertThat(e.status()).isEqualTo(status);
            assertThat(server.received()).hasSize(1);
        }
    }

    @Test
    void eachStatusHasItsOwnException() {
        int[] statuses = {400, 401, 403, 404, 409, 422, 429, 500, 503};
        Class<?>[] types = {BadRequestException.class, UnauthorizedException.class, PermissionDeniedException.class,
                NotFoundException.class, ConflictException.class, UnprocessableEntityException.class, RateLimitException.class,
                ServerException.class, ServerException.class};
        for (int i = 0; i < statuses.length; i++) {
            try (LocalServer server = LocalServer.answering(json(statuses[i], "{\"detail\":\"no\"}"));
                    Humanloop humanloop = client(server.basePath(), 0)) {
                ApiException e = catchThrowableOfType(ApiException.class, () -> humanloop.chat(REQUEST));
                assertThat(e).as("status %d", statuses[i]).isExactlyInstanceOf(types[i]);
            }
        }
    }

    @Test
    void aChatWhoseConnectionBrokeOnceMadeIsNotTriedAgain() throws IOException {
        try (ServerSocket dropper = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = dropEveryConnection(dropper);
            try (Humanloop humanloop = client("http://127.0.0.1:" + dropper.getLocalPort() + "/v4", 2)) {
                ApiConnectionException e = catchThrowableOfType(ApiConnectionException.class, () -> humanloop.chat(REQUEST));

                assertThat(e).isNotInstanceOf(ApiTimeoutException.class);
                assertThat(e.getMessage()).startsWith("The connection failed for POST /chat at http://127.0.0.1:");
                // The request may have arrived: sent again, the chat could run twice.
                assertThat(connections.get()).isEqualTo(1);
            }
        }
    }

    @Test
    void aGetWhoseConnectionBrokeOnceMadeIsTriedAgain() throws IOException {
        try (ServerSocket dropper = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = dropEveryConnection(dropper);
            String basePath = "http://127.0.0.1:" + dropper.getLocalPort() + "/v4";
            // The JDK's HTTP client may itself send a GET again once: count what one attempt makes.
            try (Humanloop once = client(basePath, 0)) {
                catchThrowableOfType(ApiConnectionException.class, () -> once.projects().get("pr_1"));
            }
            int perAttempt = connections.getAndSet(0);
            try (Humanloop humanloop = client(basePath, 2)) {
                catchThrowableOfType(ApiConnectionException.class, () -> humanloop.projects().get("pr_1"));
            }
            assertThat(connections.get()).isEqualTo(3 * perAttempt);
        }
    }

    @Test
    void aChatThatCouldNotConnectIsTriedAgainUntilTheServerIsThere() throws Exception {
        int port = freePort();
        try (Humanloop humanloop = Humanloop.builder().apiKey("hl-key").basePath("http://127.0.0.1:" + port + "/v4")
                .maxRetries(100).initialRetryDelay(Duration.ofMillis(100)).maxRetryDelay(Duration.ofMillis(100)).build()) {
            CompletableFuture<ApiResponse<ChatResponse>> call = humanloop.chatAsync(REQUEST);
            Thread.sleep(300);
            // Nothing listens yet: the attempts so far were refused, and the call goes on trying.
            assertThat(call).isNotDone();

            try (LocalServer server = LocalServer.answeringOn(port, json(200, chatAnswer("there at last")))) {
                assertThat(call.get(30, TimeUnit.SECONDS).body().data().getFirst().output()).isEqualTo("there at last");
                assertThat(server.received()).hasSize(1);
            }
        }
    }

    @Test
    void anAnswerTheServerSaysNotToRetryIsNotRetriedWhateverItsStatus() {
        try (LocalServer server = LocalServer.answering(
                json(503, "{\"detail\":\"the provider failed, retried already\"}", "x-should-retry", "false"),
                json(200, chatAnswer("not asked for")));
                Humanloop humanloop = client(server.basePath(), 3)) {
            ServerException e = catchThrowableOfType(ServerException.class, () -> humanloop.chat(REQUEST));

            assertThat(e.status()).isEqualTo(503);
            assertThat(server.received()).hasSize(1);
        }
    }

    @Test
    void anAnswerTheServerSaysToRetryIsRetriedWhateverItsStatus() {
        try (LocalServer server = LocalServer.answering(
                json(400, "{\"detail\":\"try again\"}", "x-should-retry", "true"),
                json(200, chatAnswer("second time")));
                Humanloop humanloop = client(server.basePath(), 1)) {
            assertThat(humanloop.chat(REQUEST).body().data().getFirst().output()).isEqualTo("second time");
            assertThat(server.received()).hasSize(2);
        }
    }

    @Test
    void aStreamTheServerSaysNotToRetryIsNotRetried() {
        try (LocalServer server = LocalServer.answering(
                json(502, "{\"detail\":\"upstream\"}", "x-should-retry", "false"),
                events(event(0, "Hello", "stop")));
                Humanloop humanloop = client(server.basePath(), 2)) {
            catchThrowableOfType(ServerException.class, () -> humanloop.chatStream(REQUEST));
            assertThat(server.received()).hasSize(1);
        }
    }

    @Test
    void retryAfterMsComesBeforeRetryAfter() {
        // Were Retry-After read first, two minutes would be left to the caller and not retried.
        try (LocalServer server = LocalServer.answering(
                json(429, RATE_LIMITED, "retry-after-ms", "0", "Retry-After", "120"),
                json(200, chatAnswer("ok")));
                Humanloop humanloop = client(server.basePath(), 1)) {
            assertThat(humanloop.chat(REQUEST).status()).isEqualTo(200);
            assertThat(server.received()).hasSize(2);
        }
    }

    @Test
    void aRetryAfterOfOneSecondIsWaitedForBeforeTheNextAttempt() {
        try (LocalServer server = LocalServer.answering(json(503, "{\"detail\":\"busy\"}", "Retry-After", "1"),
                json(200, chatAnswer("ok")));
                Humanloop humanloop = client(server.basePath(), 1)) {
            humanloop.chat(REQUEST);

            // The first answer left after the first request arrived; the backoff alone would be milliseconds.
            assertThat(gapBetweenTheFirstTwoRequests(server)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void aRetryAfterMsIsWaitedForBeforeTheNextAttempt() {
        try (LocalServer server = LocalServer.answering(json(503, "{\"detail\":\"busy\"}", "retry-after-ms", "400"),
                json(200, chatAnswer("ok")));
                Humanloop humanloop = client(server.basePath(), 1)) {
            humanloop.chat(REQUEST);

            assertThat(gapBetweenTheFirstTwoRequests(server)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        }
    }

    private static Duration gapBetweenTheFirstTwoRequests(LocalServer server) {
        assertThat(server.received()).hasSize(2);
        return Duration.ofNanos(server.received().get(1).receivedNanos() - server.received().get(0).receivedNanos());
    }

    /** Accepts each connection and closes it at once, before any answer; counts them. */
    private static AtomicInteger dropEveryConnection(ServerSocket dropper) {
        AtomicInteger connections = new AtomicInteger();
        Thread.ofVirtual().start(() -> {
            while (!dropper.isClosed()) {
                try (Socket socket = dropper.accept()) {
                    connections.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        });
        return connections;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    @Test
    void aServerThatIsNotThereIsAConnectionFailure() throws IOException {
        int freePort = freePort();
        try (Humanloop humanloop = client("http://127.0.0.1:" + freePort + "/v4", 1)) {
            ApiConnectionException e = catchThrowableOfType(ApiConnectionException.class, () -> humanloop.chat(REQUEST));
            assertThat(e.getCause()).isInstanceOf(java.net.ConnectException.class);
        }
    }

    @Test
    void aStreamIsTriedAgainUntilItStarts() {
        try (LocalServer server = LocalServer.answering(json(503, "{\"detail\":\"busy\"}", "Retry-After", "0"),
                events(event(0, "Hello", null) + event(0, " again", "stop")));
                Humanloop humanloop = client(server.basePath(), 1);
                ChatStream stream = humanloop.chatStream(REQUEST)) {
            assertThat(stream.result().data().getFirst().output()).isEqualTo("Hello again");
            assertThat(server.received()).hasSize(2);
        }
    }
}
