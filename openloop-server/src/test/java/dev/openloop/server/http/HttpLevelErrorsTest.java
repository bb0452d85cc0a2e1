package dev.openloop.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Errors decided before a route runs (Helidon's own checks) or when no route matches are answered
 * like every other error: JSON {@code {"detail": "..."}}. None of them touches the database, so
 * one store is enough.
 */
class HttpLevelErrorsTest {
    private static final int MAX_BODY_BYTES = 2000;

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("OPENLOOP_MAX_BODY_BYTES", String.valueOf(MAX_BODY_BYTES)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A chat body of about {@code size} bytes. */
    private static String chatOfSize(int size) {
        String head = "{\"messages\":[{\"role\":\"user\",\"content\":\"";
        String tail = "\"}],\"model_config\":{\"provider\":\"mock\",\"model\":\"m\"}}";
        return head + "a".repeat(Math.max(0, size - head.length() - tail.length())) + tail;
    }

    private static HttpRequest.Builder chat() {
        return HttpRequest.newBuilder(server.uri("/v4/chat"))
                .header("X-API-KEY", TestServer.API_KEY)
                .header("Content-Type", "application/json");
    }

    /** The detail of a JSON error answer with {@code status}. */
    private static String detail(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/json"));
        JsonNode body = TestServer.json(response.body());
        assertThat(body.get("detail").isTextual()).as(response.body()).isTrue();
        return body.get("detail").asText();
    }

    @Test
    void aBodyOverTheLimitIs413WithADetail() {
        assertThat(server.post("/v4/chat", chatOfSize(MAX_BODY_BYTES - 100)).statusCode()).as("under the limit").isEqualTo(200);

        String declared = detail(server.post("/v4/chat", chatOfSize(MAX_BODY_BYTES + 500)), 413);
        assertThat(declared).contains(String.valueOf(MAX_BODY_BYTES));

        byte[] big = chatOfSize(MAX_BODY_BYTES + 500).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> chunked = server.send(chat()
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build());
        assertThat(detail(chunked, 413)).as("a chunked body, whose size shows only while reading").contains("too large");
    }

    @Test
    void anEncodedBodyIs400WithADetail() {
        HttpResponse<String> response = server.send(chat()
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString(chatOfSize(200)))
                .build());
        assertThat(detail(response, 400)).contains("Content-Encoding", "gzip");
    }

    @Test
    void aKnownPathWithAnotherMethodIs405NamingTheMethodsItTakes() {
        HttpResponse<String> get = server.get("/v4/chat");
        assertThat(detail(get, 405)).isEqualTo("Method Not Allowed");
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");

        HttpResponse<String> put = server.send(HttpRequest.newBuilder(server.uri("/v4/projects/pr_any"))
                .header("X-API-KEY", TestServer.API_KEY)
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
        assertThat(detail(put, 405)).isEqualTo("Method Not Allowed");
        assertThat(put.headers().firstValue("Allow")).hasValue("GET, PATCH, DELETE");

        assertThat(server.delete("/v4/experiments/exp_any/model-config").headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void theHealthCheckTakesGetOnlyAndOtherMethodsAre405() {
        HttpResponse<String> health = server.send(HttpRequest.newBuilder(server.uri("/healthz")).GET().build());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(TestServer.json(health.body()).get("status").asText()).isEqualTo("ok");

        HttpResponse<String> post = server.send(HttpRequest.newBuilder(server.uri("/healthz"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
        assertThat(detail(post, 405)).isEqualTo("Method Not Allowed");
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");

        assertThat(detail(server.send(HttpRequest.newBuilder(server.uri("/healthz/extra")).GET().build()), 404))
                .isEqualTo("Not Found");
    }

    @Test
    void anUnknownPathIsStill404AndAuthStillComesFirst() {
        assertThat(detail(server.get("/v4/no-such-thing"), 404)).isEqualTo("Not Found");
        assertThat(detail(server.post("/v4/chat/extra", "{}"), 404)).isEqualTo("Not Found");
        HttpResponse<String> withoutKey = server.send(HttpRequest.newBuilder(server.uri("/v4/chat")).GET().build());
        assertThat(withoutKey.statusCode()).isEqualTo(401);
    }
}
