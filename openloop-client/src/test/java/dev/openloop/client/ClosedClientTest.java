package dev.openloop.client;

import static dev.openloop.client.testing.LocalServer.chatAnswer;
import static dev.openloop.client.testing.LocalServer.event;
import static dev.openloop.client.testing.LocalServer.events;
import static dev.openloop.client.testing.LocalServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.ChatResponse;
import dev.openloop.client.testing.LocalServer;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a client does once closed: refuses new calls at once, and stops retrying those under way. */
class ClosedClientTest {
    private static final ChatRequest REQUEST = ChatRequest.builder().messages(ChatMessage.user("Hi")).build();

    private static Humanloop.Builder client(LocalServer server) {
        return Humanloop.builder().apiKey("hl-key").basePath(server.basePath()).maxRetries(3)
                .initialRetryDelay(Duration.ofMillis(200));
    }

    @Test
    void everyCallOfAClosedClientIsRefusedAtOnceWithoutARequest() {
        try (LocalServer server = LocalServer.answering(json(200, chatAnswer("never")))) {
            Humanloop humanloop = client(server).build();
            humanloop.close();

            // Not taken for a connection failure, retried, then thrown as one.
            assertThatThrownBy(() -> humanloop.chat(REQUEST))
                    .isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage("This Humanloop client is closed: build a new one to make further calls");
            assertThatThrownBy(() -> humanloop.chatStream(REQUEST)).isExactlyInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> humanloop.projects().list()).isExactlyInstanceOf(IllegalStateException.class);
            assertThat(server.received()).isEmpty();
        }
    }

    @Test
    void anAsyncCallOfAClosedClientThrowsTheSameAtOnce() {
        try (LocalServer server = LocalServer.answering(json(200, chatAnswer("never")))) {
            Humanloop humanloop = client(server).build();
            humanloop.close();

            // Not a RejectedExecutionException from the executor the client shut down.
            assertThatThrownBy(() -> humanloop.chatAsync(REQUEST)).isExactlyInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> humanloop.chats().createDeployedAsync(REQUEST))
                    .isExactlyInstanceOf(IllegalStateException.class);
            assertThat(server.received()).isEmpty();
        }
    }

    @Test
    void aClientClosedWithAnHttpClientOfTheCallersRefusesCallsToo() {
        try (LocalServer server = LocalServer.answering(json(200, chatAnswer("never")));
                HttpClient http = HttpClient.newHttpClient()) {
            Humanloop humanloop = client(server).httpClient(http).build();
            humanloop.close();
            humanloop.close();

            assertThatThrownBy(() -> humanloop.chat(REQUEST)).isExactlyInstanceOf(IllegalStateException.class);
            assertThat(server.received()).isEmpty();
        }
    }

    @Test
    void aCallWaitingToRetryWhenTheClientClosesThrowsItsLastErrorInsteadOfTryingAgain() throws Exception {
        try (LocalServer server = LocalServer.answering(json(503, "{\"detail\":\"busy\"}", "Retry-After", "1"),
                json(200, chatAnswer("too late")))) {
            Humanloop humanloop = client(server).build();
            CompletableFuture<ApiResponse<ChatResponse>> call = humanloop.chatAsync(REQUEST);
            while (server.received().isEmpty()) {
                Thread.sleep(5);
            }
            humanloop.close();

            assertThatThrownBy(() -> call.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(ServerException.class).hasMessage("503 Service Unavailable: busy");
            assertThat(server.received()).hasSize(1);
        }
    }

    @Test
    void aStreamThatStartedCanBeReadAfterTheClientClosed() {
        try (LocalServer server = LocalServer.answering(events(event(0, "Hello", "stop")))) {
            Humanloop humanloop = client(server).build();
            try (ChatStream stream = humanloop.chatStream(REQUEST)) {
                humanloop.close();
                assertThat(stream.result().data().getFirst().output()).isEqualTo("Hello");
            }
        }
    }
}
