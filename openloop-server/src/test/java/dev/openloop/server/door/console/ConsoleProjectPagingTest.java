package dev.openloop.server.door.console;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console's project list pages through every project once: no project falls between two pages. */
class ConsoleProjectPagingTest {
    private static final int PER_PAGE = ProjectPages.PROJECTS_PER_PAGE;
    private static final int PROJECTS = 2 * PER_PAGE + 2;
    private static final Pattern PROJECT_LINK = Pattern.compile("<td><a href=\"/projects/(pr_[A-Za-z0-9]+)\">");

    private static TestServer server;
    private static final List<String> MADE = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = TestServer.start();
        for (int i = 0; i < PROJECTS; i++) {
            MADE.add(expect(server.post("/v4/projects", "{\"name\":\"project " + i + "\"}"), 201).get("id").asText());
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> shownOn(int page, String cookie) {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/projects?page=" + page))
                .header("Cookie", cookie).GET().build());
        assertThat(response.statusCode()).isEqualTo(200);
        Set<String> ids = new LinkedHashSet<>();
        Matcher link = PROJECT_LINK.matcher(response.body());
        while (link.find()) {
            ids.add(link.group(1));
        }
        return List.copyOf(ids);
    }

    @Test
    void everyProjectIsOnExactlyOnePage() {
        HttpResponse<String> signedIn = server.send(HttpRequest.newBuilder(server.uri("/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("key=" + TestServer.API_KEY)).build());
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        List<String> shown = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            List<String> onPage = shownOn(page, cookie);
            assertThat(onPage).as("page %d", page).hasSize(page < 2 ? PER_PAGE : PROJECTS - 2 * PER_PAGE);
            shown.addAll(onPage);
        }
        assertThat(shown).containsExactlyInAnyOrderElementsOf(MADE);
    }
}
