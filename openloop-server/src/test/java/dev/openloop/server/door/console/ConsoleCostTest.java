package dev.openloop.server.door.console;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.cost.PriceFile;
import dev.openloop.server.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console shows what people look for: a log's cost (or that it is unknown) on its page, and
 * the project's spend of the last 30 days by model on the project's page, every name escaped.
 */
class ConsoleCostTest {
    private static final String UNPRICED = "<script>alert(1)</script>";

    private static Path prices;
    private static TestServer server;
    private static String cookie;
    private static String projectId;
    private static String pricedLog;
    private static String unpricedLog;

    @BeforeAll
    static void start() throws IOException {
        prices = Files.createTempFile("openloop-prices", ".csv");
        Files.writeString(prices, PriceFile.HEADER + "\nmock,mock-a,2000-01-01,1.25,2.50,,,\n");
        server = TestServer.start(Map.of("OPENLOOP_PRICES_FILE", prices.toString()));
        JsonNode priced = expect(server.post("/v4/chat", chat("mock-a")), 200);
        projectId = priced.get("project_id").asText();
        pricedLog = priced.get("data").get(0).get("id").asText();
        unpricedLog = expect(server.postJson("/v4/chat", Map.of("project", "costly <&> project",
                "messages", java.util.List.of(Map.of("role", "user", "content", "count these words please")),
                "model_config", Map.of("provider", "mock", "model", UNPRICED))), 200).get("data").get(0).get("id").asText();
        HttpResponse<String> signedIn = server.send(HttpRequest.newBuilder(server.uri("/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("key=" + TestServer.API_KEY)).build());
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        cookie = setCookie.substring(0, setCookie.indexOf(';'));
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        Files.deleteIfExists(prices);
    }

    private static String chat(String model) {
        return "{\"project\":\"costly <&> project\",\"messages\":[{\"role\":\"user\",\"content\":\"count these words please\"}],"
                + "\"model_config\":{\"provider\":\"mock\",\"model\":\"" + model + "\"}}";
    }

    private static String page(String path) {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri(path)).header("Cookie", cookie)
                .GET().build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static String costOf(String logId) {
        return expect(server.get("/v4/logs/" + logId), 200).get("openloop").get("cost_usd").asText();
    }

    @Test
    void aLogsPageShowsItsCostOrThatItIsUnknown() {
        assertThat(page("/logs/" + pricedLog)).contains("<dd id=\"cost\">$" + costOf(pricedLog) + "</dd>");
        assertThat(page("/logs/" + unpricedLog)).contains("<dd id=\"cost\">unknown</dd>");
    }

    @Test
    void theProjectsPageShowsItsSpendByModelEscaped() {
        String shown = page("/projects/" + projectId);

        assertThat(shown).contains("$" + costOf(pricedLog) + " over 2 logs, 1 of them without a price");
        assertThat(shown).contains("<td>mock/mock-a</td><td>$" + costOf(pricedLog) + "</td><td>1</td><td>0</td>");
        assertThat(shown).contains("mock/&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain(UNPRICED);
    }
}
