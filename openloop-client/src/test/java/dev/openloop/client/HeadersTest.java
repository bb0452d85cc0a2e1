package dev.openloop.client;

import static dev.openloop.client.testing.LocalServer.chatAnswer;
import static dev.openloop.client.testing.LocalServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.client.testing.LocalServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Headers as a plain map whose names are compared ignoring case, with the JDK's type at hand. */
class HeadersTest {

    @Test
    void anAnswersHeadersAreAMapFoundInAnyCase() {
        try (LocalServer server = LocalServer.answering(json(200, chatAnswer("ok"), "X-Request-Id", "req-9",
                "X-Multi", "a", "X-Multi", "b"));
                Humanloop humanloop = Humanloop.builder().apiKey("k").basePath(server.basePath()).build()) {
            ApiResponse<?> response = humanloop.chatDeployed(ChatDeployedParams.builder().project("p")
                    .messages(ChatMessage.user("Hi")).build());

            Headers headers = response.headers();
            assertThat(headers.get("x-request-id")).containsExactly("req-9");
            assertThat(headers.get("X-REQUEST-ID")).containsExactly("req-9");
            assertThat(headers.containsKey("content-type")).isTrue();
            assertThat(headers.allValues("x-multi")).containsExactly("a", "b");
            assertThat(headers.firstValue("X-Multi")).hasValue("a");
            assertThat(headers.get("absent")).isNull();
            assertThat(headers.map()).isSameAs(headers);
            assertThat(headers.toString()).contains("x-request-id=[req-9]");
            HttpHeaders jdk = response.httpHeaders();
            assertThat(jdk.firstValue("X-Request-Id")).hasValue("req-9");
            assertThatThrownBy(() -> headers.put("x", List.of())).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void headersSurviveSerializationAndNamesDifferingInCaseAreOne() throws Exception {
        Headers headers = Headers.of(Map.of("Retry-After", List.of("3"), "retry-after", List.of("4")));
        assertThat(headers).hasSize(1);
        assertThat(headers.allValues("RETRY-AFTER")).containsExactlyInAnyOrder("3", "4");
        assertThat(Headers.of(Map.of("Retry-After", List.of("3"))).firstValueAsLong("retry-after")).hasValue(3);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(headers);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            // The nodes other tests start are Helidon servers, which reject every class process-wide unless allowed.
            in.setObjectInputFilter(ObjectInputFilter.Config.createFilter("dev.openloop.**;java.lang.*;java.util.*;!*"));
            Headers read = (Headers) in.readObject();
            assertThat(read.allValues("retry-after")).containsExactlyInAnyOrderElementsOf(headers.allValues("Retry-After"));
        }
    }

    @Test
    void anErrorsHeadersAreTheSameMap() {
        ApiException e = ApiException.of(429, Map.of("Retry-After", List.of("3")), "{\"detail\":\"slow\"}");
        assertThat(e.headers().get("retry-after")).containsExactly("3");
        assertThat(e.httpHeaders().firstValue("retry-after")).hasValue("3");
    }
}
