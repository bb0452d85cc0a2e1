package dev.openloop.server.door.console;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * The logs page's feedback filter pages through the logs whose current rating is the value, newest
 * first, with the feedback given with the logs ({@code POST /v4/logs}) and after them, on every
 * store.
 */
class ConsoleFeedbackFilterTest extends EveryStoreSuite {
    private static final int PER_PAGE = 50;
    private static final int LOGS = 130;

    private static TestServer server;
    private static String projectId;
    private static String cookie;
    /** The logs rated good at the end, newest first. */
    private static final List<String> GOOD = new ArrayList<>();

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        server = TestServer.start(store);
        GOOD.clear();
        projectId = expect(server.post("/v4/projects", "{\"name\":\"rated\"}"), 201).get("id").asText();
        StringBuilder items = new StringBuilder("[");
        long start = Instant.parse("2026-05-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < LOGS; i++) {
            // Every other log comes rated good; every third is rated bad in the same request.
            String feedback = i % 2 == 0 ? "[{\"type\":\"rating\",\"value\":\"good\"}]" : i % 3 == 0
                    ? "[{\"type\":\"rating\",\"value\":\"bad\"}]" : "[]";
            items.append(i == 0 ? "" : ",").append("{\"project_id\":\"").append(projectId)
                    .append("\",\"config\":{\"provider\":\"mock\",\"model\":\"m\"},\"output\":\"log ").append(i)
                    .append("\",\"created_at\":\"").append(Instant.ofEpochMilli(start + i * 60_000L))
                    .append("\",\"feedback\":").append(feedback).append("}");
        }
        JsonNode made = expect(server.post("/v4/logs", items.append("]").toString()), 200);
        for (int i = LOGS - 1; i >= 0; i--) {
            String id = made.get(i).get("id").asText();
            if (i % 10 == 4) {
                // Rated good with the log, then bad.
                expect(server.post("/v4/feedback", "{\"type\":\"rating\",\"value\":\"bad\",\"data_id\":\"" + id + "\"}"), 200);
            } else if (i % 2 == 0 || i % 3 == 0 && i % 5 == 0) {
                if (i % 2 != 0) {
                    // Rated bad with the log, then good.
                    expect(server.post("/v4/feedback", "{\"type\":\"rating\",\"value\":\"good\",\"data_id\":\"" + id + "\"}"), 200);
                }
                GOOD.add(id);
            }
        }
        HttpResponse<String> signedIn = server.send(HttpRequest.newBuilder(server.uri("/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("key=" + TestServer.API_KEY)).build());
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        cookie = setCookie.substring(0, setCookie.indexOf(';'));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    private static List<String> shownOn(int page) {
        return ShownLogs.on(server, "/projects/" + projectId + "/logs?feedback=rating%3Agood&page=" + page, cookie);
    }

    @Test
    void theFilterPagesThroughTheLogsRatedGoodNewestFirst() {
        assertThat(GOOD).hasSizeGreaterThan(PER_PAGE);
        List<String> shown = new ArrayList<>(shownOn(0));
        assertThat(shown).hasSize(PER_PAGE);
        shown.addAll(shownOn(1));
        assertThat(shown).containsExactlyElementsOf(GOOD);
        assertThat(shownOn(2)).isEmpty();
    }
}
