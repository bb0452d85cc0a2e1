package dev.openloop.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Answers written with a generator arrive whole: a short one with its length, a long one as it was written. */
class JsonAnswersTest {
    private static final String LONG_TEXT = "x".repeat(HeldAnswer.MAX_HELD * 2);
    private static WebServer server;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        HttpRouting.Builder routing = HttpRouting.builder()
                .get("/short", (req, res) -> JsonAnswers.stream(res, 200, Map.of("text", "short")))
                .get("/long", (req, res) -> JsonAnswers.stream(res, 201, generator -> {
                    generator.writeStartObject();
                    for (int i = 0; i < 3; i++) {
                        generator.writeStringField("text" + i, LONG_TEXT);
                        generator.flush();
                    }
                    generator.writeEndObject();
                }))
                .get("/failing", (req, res) -> JsonAnswers.stream(res, 200, generator -> {
                    generator.writeStartObject();
                    throw new IllegalStateException("failed while writing");
                }));
        server = WebServer.builder().host("127.0.0.1").port(0).routing(routing).build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aShortAnswerIsSentWholeWithItsLength() throws Exception {
        HttpResponse<String> answer = get("/short");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(answer.body()).isEqualTo("{\"text\":\"short\"}");
        assertThat(answer.headers().firstValueAsLong("Content-Length")).hasValue(answer.body().length());
    }

    @Test
    void aLongAnswerIsPassedOnAsItIsWritten() throws Exception {
        HttpResponse<String> answer = get("/long");
        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat(answer.body()).isEqualTo("{\"text0\":\"" + LONG_TEXT + "\",\"text1\":\"" + LONG_TEXT + "\",\"text2\":\""
                + LONG_TEXT + "\"}");
    }

    @Test
    void anAnswerThatFailsWhileWrittenSendsNoneOfIt() throws Exception {
        HttpResponse<String> answer = get("/failing");
        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(answer.body()).doesNotContain("{}");
    }
}
