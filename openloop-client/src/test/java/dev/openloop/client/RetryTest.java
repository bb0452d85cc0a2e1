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
    void aConnectionDroppedBeforeAnyAnswerIsTriedAgain() throws IOException {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket dropper = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!dropper.isClosed()) {
                    try (Socket socket = dropper.accept()) {
                        connections.incrementAndGet();
                        // Closed at once: the request gets no answer at all.
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            try (Humanloop humanloop = client("http://127.0.0.1:" + dropper.getLocalPort() + "/v4", 2)) {
                ApiConnectionException e = catchThrowableOfType(ApiConnectionException.class, () -> humanloop.chat(REQUEST));

                assertThat(e).isNotInstanceOf(ApiTimeoutException.class);
                assertThat(e.getMessage()).startsWith("The connection failed for POST /chat at http://127.0.0.1:");
                assertThat(connections.get()).isEqualTo(3);
            }
        }
    }

    @Test
    void aServerThatIsNotThereIsAConnectionFailure() throws IOException {
        int freePort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = probe.getLocalPort();
        }
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
