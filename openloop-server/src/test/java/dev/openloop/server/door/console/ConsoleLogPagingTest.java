package dev.openloop.server.door.console;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console's log list pages through every log once: each page starts where the one before ended. */
class ConsoleLogPagingTest {
    private static final int PER_PAGE = 50;
    private static final int LOGS = 2 * PER_PAGE + 2;

    private static TestServer server;
    private static String projectId;
    /** The project's logs, newest first. */
    private static final List<String> NEWEST_FIRST = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = TestServer.start();
        projectId = expect(server.post("/v4/projects", "{\"name\":\"paged\"}"), 201).get("id").asText();
        StringBuilder items = new StringBuilder("[");
        long start = Instant.parse("2026-05-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < LOGS; i++) {
            items.append(i == 0 ? "" : ",").append("{\"project_id\":\"").append(projectId)
                    .append("\",\"config\":{\"provider\":\"mock\",\"model\":\"m\"},\"output\":\"log ").append(i)
                    .append("\",\"created_at\":\"").append(Instant.ofEpochMilli(start + i * 60_000L)).append("\"}");
        }
        JsonNode made = expect(server.post("/v4/logs", items.append("]").toString()), 200);
        for (int i = LOGS - 1; i >= 0; i--) {
            NEWEST_FIRST.add(made.get(i).get("id").asText());
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> shownOn(int page, String cookie) {
        return ShownLogs.on(server, "/projects/" + projectId + "/logs?page=" + page, cookie);
    }

    @Test
    void eachPageStartsWhereTheOneBeforeEnded() {
        HttpResponse<String> signedIn = server.send(HttpRequest.newBuilder(server.uri("/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("key=" + TestServer.API_KEY)).build());
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        assertThat(shownOn(0, cookie)).containsExactlyElementsOf(NEWEST_FIRST.subList(0, PER_PAGE));
        assertThat(shownOn(1, cookie)).containsExactlyElementsOf(NEWEST_FIRST.subList(PER_PAGE, 2 * PER_PAGE));
        assertThat(shownOn(2, cookie)).containsExactlyElementsOf(NEWEST_FIRST.subList(2 * PER_PAGE, LOGS));
    }
}
