package dev.openloop.server.door.console;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A project's page shows each config's fallbacks, in order, escaped: a model's name is the caller's text. */
class ConsoleConfigFallbacksTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theProjectPageListsAConfigsFallbacks() {
        String fallback = expect(server.post("/v4/model-configs",
                "{\"project\":\"shown\",\"provider\":\"mock\",\"model\":\"mock-2\"}"), 200).get("config").get("id").asText();
        String projectId = expect(server.post("/v4/model-configs", "{\"project\":\"shown\",\"provider\":\"openai\","
                + "\"model\":\"gpt-4o\",\"fallbacks\":[{\"config_id\":\"" + fallback + "\"},"
                + "{\"provider\":\"mock\",\"model\":\"<b>bold</b>\"}]}"), 200).get("project_id").asText();
        HttpResponse<String> signedIn = server.send(HttpRequest.newBuilder(server.uri("/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("key=" + TestServer.API_KEY)).build());
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();

        HttpResponse<String> page = server.send(HttpRequest.newBuilder(server.uri("/projects/" + projectId))
                .header("Cookie", setCookie.substring(0, setCookie.indexOf(';'))).GET().build());

        assertThat(page.statusCode()).isEqualTo(200);
        String body = page.body();
        assertThat(body).contains("<ol><li><code>" + fallback + "</code></li><li><code>mock/&lt;b&gt;bold&lt;/b&gt;</code></li></ol>")
                .doesNotContain("<b>bold</b>");
    }
}
