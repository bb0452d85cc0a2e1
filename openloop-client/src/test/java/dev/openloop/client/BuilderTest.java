package dev.openloop.client;

import static dev.openloop.client.testing.LocalServer.chatAnswer;
import static dev.openloop.client.testing.LocalServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.client.testing.LocalServer;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a client is built from, and what it refuses to be built from. */
class BuilderTest {

    @Test
    void theDefaultBasePathIsHumanloopsApi() {
        try (Humanloop humanloop = Humanloop.builder().apiKey("k").build()) {
            assertThat(humanloop.basePath()).isEqualTo("https://api.humanloop.com/v4");
        }
    }

    @Test
    void aTrailingSlashIsDropped() {
        try (Humanloop humanloop = Humanloop.builder().apiKey("k").basePath("http://127.0.0.1:8080/v4//").build()) {
            assertThat(humanloop.basePath()).isEqualTo("http://127.0.0.1:8080/v4");
        }
    }

    @Test
    void anApiKeyIsRequired() {
        assertThatThrownBy(() -> Humanloop.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("apiKey");
        assertThatThrownBy(() -> Humanloop.builder().apiKey(" ").build()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void settingsThatCannotWorkAreRefusedAtOnce() {
        Humanloop.Builder builder = Humanloop.builder();
        assertThatThrownBy(() -> builder.basePath("ftp://example.com/v4")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.basePath("api.humanloop.com/v4")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.maxRetries(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.initialRetryDelay(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCleartextServerIsSpokenToInHttp11WithoutAnUpgradeRequest() {
        try (LocalServer server = LocalServer.answering(json(200, chatAnswer("ok")));
                Humanloop humanloop = Humanloop.builder().apiKey("k").basePath(server.basePath()).build()) {
            humanloop.chat(ChatRequest.builder().messages(ChatMessage.user("Hi")).build());

            LocalServer.Received request = server.onlyRequest();
            assertThat(request.headers().containsKey("Upgrade")).isFalse();
            assertThat(request.headers().containsKey("HTTP2-Settings")).isFalse();
        }
    }

    @Test
    void aGivenHttpClientIsUsedAndLeftOpen() {
        try (LocalServer server = LocalServer.answering(json(200, chatAnswer("ok")));
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            Humanloop humanloop = Humanloop.builder().apiKey("k").basePath(server.basePath()).httpClient(http).build();
            humanloop.chat(ChatRequest.builder().messages(ChatMessage.user("Hi")).build());
            humanloop.close();

            assertThat(http.isTerminated()).isFalse();
            assertThat(server.received()).hasSize(1);
        }
    }
}
