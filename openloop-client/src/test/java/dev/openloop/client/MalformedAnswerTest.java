package dev.openloop.client;

import static dev.openloop.client.testing.LocalServer.json;
import static dev.openloop.client.testing.LocalServer.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.client.testing.LocalServer;
import org.junit.jupiter.api.Test;

/** Answers that are not what the API sends: reported as such, never retried. */
class MalformedAnswerTest {
    private static final ChatRequest REQUEST = ChatRequest.builder().messages(ChatMessage.user("Hi")).build();

    private static Humanloop client(LocalServer server) {
        return Humanloop.builder().apiKey("hl-key").basePath(server.basePath()).maxRetries(2).build();
    }

    @Test
    void aSuccessWhoseBodyIsNotJsonIsMalformedAndNotRetried() {
        try (LocalServer server = LocalServer.answering(text(200, "application/json", "{\"data\": [oops"));
                Humanloop humanloop = client(server)) {
            MalformedResponseException e = catchThrowableOfType(MalformedResponseException.class,
                    () -> humanloop.chat(REQUEST));

            assertThat(e.status()).isEqualTo(200);
            assertThat(e).hasMessage("POST /chat was answered 200 with a body that is not ChatResponse JSON");
            assertThat(e.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(server.received()).hasSize(1);
        }
    }

    @Test
    void aSuccessWithJsonOfAnotherShapeIsMalformed() {
        try (LocalServer server = LocalServer.answering(json(200, "[1, 2, 3]"));
                Humanloop humanloop = client(server)) {
            assertThatExceptionOfType(MalformedResponseException.class).isThrownBy(() -> humanloop.chat(REQUEST))
                    .withMessage("POST /chat was answered 200 with a body that is not ChatResponse JSON");
            assertThat(server.received()).as("not tried again").hasSize(1);
        }
    }

    @Test
    void aSuccessWithNoBodyIsMalformed() {
        try (LocalServer server = LocalServer.answering(json(200, ""));
                Humanloop humanloop = client(server)) {
            MalformedResponseException e = catchThrowableOfType(MalformedResponseException.class,
                    () -> humanloop.chat(REQUEST));
            assertThat(e).hasMessageEndingWith("with an empty body");
        }
    }

    @Test
    void anErrorWhoseBodyIsNotJsonKeepsItsText() {
        String html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        try (LocalServer server = LocalServer.answering(text(502, "text/html", html));
                Humanloop humanloop = Humanloop.builder().apiKey("k").basePath(server.basePath()).maxRetries(0).build()) {
            ServerException e = catchThrowableOfType(ServerException.class, () -> humanloop.chat(REQUEST));

            assertThat(e.body().isMissingNode()).isTrue();
            assertThat(e.detail().isMissingNode()).isTrue();
            assertThat(e.bodyText()).isEqualTo(html);
            assertThat(e.validationErrors()).isEmpty();
            assertThat(e.providerError()).isEmpty();
            assertThat(e).hasMessage("502 Bad Gateway: " + html);
        }
    }

    @Test
    void aStreamAnsweredWithJsonInsteadOfEventsIsMalformed() {
        try (LocalServer server = LocalServer.answering(json(200, LocalServer.chatAnswer("not a stream")));
                Humanloop humanloop = client(server)) {
            MalformedResponseException e = catchThrowableOfType(MalformedResponseException.class,
                    () -> humanloop.chatStream(REQUEST));
            assertThat(e).hasMessageContaining("content type 'application/json' instead of text/event-stream");
            assertThat(server.received()).hasSize(1);
        }
    }
}
