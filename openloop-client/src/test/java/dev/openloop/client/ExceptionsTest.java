package dev.openloop.client;

import static dev.openloop.client.testing.LocalServer.event;
import static dev.openloop.client.testing.LocalServer.events;
import static dev.openloop.client.testing.LocalServer.json;
import static dev.openloop.client.testing.LocalServer.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.error.ValidationError;
import dev.openloop.client.testing.LocalServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SDK's exceptions beyond their first use: serialized and read back, and made by a caller's own tests. */
class ExceptionsTest {
    private static final ChatRequest REQUEST = ChatRequest.builder().messages(ChatMessage.user("Hi")).build();
    private static final String INVALID = """
            {"detail":[{"loc":["body","messages"],"msg":"field required","type":"value_error.missing"}]}""";

    private static final ObjectInputFilter READABLE = ObjectInputFilter.Config.createFilter(
            "dev.openloop.**;java.lang.*;java.util.*;java.time.*;java.io.*;java.net.*;java.net.http.*;"
                    + "com.fasterxml.jackson.**;!*");

    private static Humanloop client(LocalServer server) {
        return Humanloop.builder().apiKey("hl-key").basePath(server.basePath()).maxRetries(0).build();
    }

    @SuppressWarnings("unchecked")
    private static <T> T serializedAndReadBack(T thrown) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(thrown);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            // The OpenLoop nodes other tests start here are Helidon servers, which reject every class
            // process-wide unless allowed; this stream allows what an exception of the SDK is made of.
            in.setObjectInputFilter(READABLE);
            return (T) in.readObject();
        }
    }

    @Test
    void anApiExceptionReadBackFromSerializationStillHasEverythingTheServerSaid() throws Exception {
        try (LocalServer server = LocalServer.answering(json(422, INVALID, "X-Request-Id", "req_1"));
                Humanloop humanloop = client(server)) {
            UnprocessableEntityException thrown = catchThrowableOfType(UnprocessableEntityException.class,
                    () -> humanloop.chat(REQUEST));

            UnprocessableEntityException e = serializedAndReadBack(thrown);

            assertThat(e).hasMessage("422 Unprocessable Entity: body.messages: field required");
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.reason()).isEqualTo("Unprocessable Entity");
            assertThat(e.body().get("detail").get(0).get("msg").asText()).isEqualTo("field required");
            assertThat(e.bodyText()).isEqualTo(INVALID);
            assertThat(e.validationErrors()).containsExactly(
                    new ValidationError(List.of("body", "messages"), "field required", "value_error.missing"));
            // Header names keep being compared ignoring case, as HTTP has them.
            assertThat(e.headers().firstValue("x-request-id")).hasValue("req_1");
            assertThat(e.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(e.roundTripTime()).isEqualTo(thrown.roundTripTime());
            assertThat(e.duringStream()).isFalse();
        }
    }

    @Test
    void aStreamsErrorReadBackFromSerializationKeepsItsDetail() throws Exception {
        String error = "event: error\ndata: {\"detail\":{\"type\":\"rate_limit_error\",\"message\":\"Too many tokens\","
                + "\"code\":429,\"origin\":\"OpenAI\"}}\n\n";
        try (LocalServer server = LocalServer.answering(events(event(0, "Hel", null) + error));
                Humanloop humanloop = client(server);
                ChatStream stream = humanloop.chatStream(REQUEST)) {
            RateLimitException e = serializedAndReadBack(catchThrowableOfType(RateLimitException.class, stream::result));

            assertThat(e.duringStream()).isTrue();
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.providerError()).hasValueSatisfying(detail -> assertThat(detail.origin()).isEqualTo("OpenAI"));
            assertThat(e.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
        }
    }

    @Test
    void aMalformedAnswerReadBackFromSerializationKeepsItsStatusAndHeaders() throws Exception {
        try (LocalServer server = LocalServer.answering(text(200, "text/html", "<html>"));
                Humanloop humanloop = client(server)) {
            MalformedResponseException e = serializedAndReadBack(
                    catchThrowableOfType(MalformedResponseException.class, () -> humanloop.chat(REQUEST)));

            assertThat(e.status()).isEqualTo(200);
            assertThat(e.headers().firstValue("content-type")).hasValue("text/html");
        }
    }

    @Test
    void anExceptionMadeForATestIsTheOneTheClientWouldThrow() {
        ApiException limited = ApiException.of(429, Map.of("Retry-After", List.of("3")),
                "{\"detail\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\",\"code\":429,\"origin\":\"OpenAI\"}}");

        assertThat(limited).isExactlyInstanceOf(RateLimitException.class)
                .hasMessage("429 Too Many Requests: OpenAI rate_limit_error: slow down");
        assertThat(limited.retryAfter()).hasValue(Duration.ofSeconds(3));
        assertThat(limited.providerError()).isPresent();
        assertThat(limited.roundTripTime()).isZero();

        assertThat(ApiException.of(404, null, "{\"detail\":\"Project not found\"}"))
                .isExactlyInstanceOf(NotFoundException.class).hasMessage("404 Not Found: Project not found");
        assertThat(ApiException.of(503, null, null)).isExactlyInstanceOf(ServerException.class)
                .hasMessage("503 Service Unavailable");
        // A status without a class of its own is the catch-all ApiException.
        assertThat(ApiException.of(410, null, "{\"detail\":\"gone\"}")).isExactlyInstanceOf(ApiException.class);
        assertThatThrownBy(() -> ApiException.of(200, null, "{}")).isInstanceOf(IllegalArgumentException.class);
    }
}
