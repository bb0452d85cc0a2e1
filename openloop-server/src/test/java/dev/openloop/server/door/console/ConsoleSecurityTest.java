package dev.openloop.server.door.console;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.apikey.ApiKeyHash;
import dev.openloop.server.apikey.ApiKeyStore;
import dev.openloop.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What keeps the console's pages to signed-in people and their changes to the console's own forms, over plain HTTP. */
class ConsoleSecurityTest {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private static TestServer server;
    private static String projectId;
    private static String configId;

    @BeforeAll
    static void start() {
        // Keys are looked up on every request, so that a revoked one is refused at once.
        server = TestServer.start(Map.of("OPENLOOP_API_KEY_CACHE_MS", "0"));
        projectId = expect(server.post("/v4/projects", "{\"name\":\"guarded\"}"), 201).get("id").asText();
        configId = expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"m\"}"), 200).get("config").get("id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return server.send(request.build());
    }

    private static HttpResponse<String> post(String path, String cookie, String form, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        headers.forEach(request::header);
        return server.send(request.build());
    }

    /** Signs in with {@code key}; the {@code name=value} of the session cookie. */
    private static String signIn(String key) {
        HttpResponse<String> response = post("/sign-in", null, "key=" + key, Map.of());
        assertThat(response.statusCode()).isEqualTo(303);
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static String csrfOf(String page) {
        Matcher matcher = CSRF.matcher(page);
        assertThat(matcher.find()).as("a form with a CSRF token").isTrue();
        return matcher.group(1);
    }

    @Test
    void withoutASessionEveryPageSendsToSignIn() {
        for (String path : new String[] {"/", "/projects", "/projects/" + projectId, "/projects/" + projectId + "/diff"}) {
            HttpResponse<String> response = get(path, null);
            assertThat(response.statusCode()).as(path).isEqualTo(303);
            assertThat(response.headers().firstValue("Location")).as(path).hasValue("/sign-in");
        }
        HttpResponse<String> unknownSession = get("/projects", "openloop_console=made-up");
        assertThat(unknownSession.headers().firstValue("Location")).hasValue("/sign-in");
        HttpResponse<String> change = post("/projects/" + projectId + "/deploy", null, "environment=x&target=y", Map.of());
        assertThat(change.headers().firstValue("Location")).hasValue("/sign-in");
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndSecureBehindTls() {
        HttpResponse<String> plain = post("/sign-in", null, "key=" + TestServer.API_KEY, Map.of());
        assertThat(plain.headers().firstValue("Set-Cookie").orElseThrow())
                .startsWith("openloop_console=").contains("; HttpOnly", "; SameSite=Strict", "; Path=/").doesNotContain("Secure");
        HttpResponse<String> tls = post("/sign-in", null, "key=" + TestServer.API_KEY, Map.of("X-Forwarded-Proto", "https"));
        assertThat(tls.headers().firstValue("Set-Cookie").orElseThrow()).contains("; HttpOnly", "; SameSite=Strict", "; Secure");
        HttpResponse<String> refused = post("/sign-in", null, "key=wrong", Map.of());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void aChangeWithoutTheSessionsCsrfTokenIsRefused() {
        String cookie = signIn(TestServer.API_KEY);
        String page = get("/projects/" + projectId, cookie).body();
        String environment = expect(server.get("/v4/environments"), 200).get(0).get("id").asText();
        String other = expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"other\"}"), 200).get("config").get("id").asText();
        String form = "environment=" + environment + "&target=config:" + other;
        assertThat(post("/projects/" + projectId + "/deploy", cookie, form, Map.of()).statusCode()).isEqualTo(403);
        assertThat(post("/projects/" + projectId + "/deploy", cookie, form + "&csrf=forged", Map.of()).statusCode()).isEqualTo(403);
        String otherSessionsToken = csrfOf(get("/projects", signIn(TestServer.API_KEY)).body());
        assertThat(post("/projects/" + projectId + "/deploy", cookie, form + "&csrf=" + otherSessionsToken, Map.of()).statusCode())
                .as("another session's token").isEqualTo(403);
        assertThat(expect(server.get("/v4/projects/" + projectId), 200).get("active_config").get("config").get("id").asText())
                .as("nothing deployed").isEqualTo(configId);

        HttpResponse<String> accepted = post("/projects/" + projectId + "/deploy", cookie, form + "&csrf=" + csrfOf(page), Map.of());
        assertThat(accepted.statusCode()).isEqualTo(303);
        assertThat(expect(server.get("/v4/projects/" + projectId), 200).get("active_config").get("config").get("id").asText())
                .isEqualTo(other);
    }

    @Test
    void signingOutEndsTheSession() {
        String cookie = signIn(TestServer.API_KEY);
        String token = csrfOf(get("/projects", cookie).body());
        assertThat(post("/sign-out", cookie, "csrf=" + token, Map.of()).headers().firstValue("Set-Cookie").orElseThrow())
                .contains("Max-Age=0");
        assertThat(get("/projects", cookie).headers().firstValue("Location")).hasValue("/sign-in");
    }

    @Test
    void aRevokedKeyEndsItsSessions() {
        String key = "console-revocation-key-0123456789";
        ApiKeyStore keys = new ApiKeyStore(server.database());
        keys.add(ApiKeyHash.of(key), "revocation test");
        String cookie = signIn(key);
        assertThat(get("/projects", cookie).statusCode()).isEqualTo(200);
        keys.revoke(ApiKeyHash.of(key));
        assertThat(get("/projects", cookie).headers().firstValue("Location")).hasValue("/sign-in");
    }

    @Test
    void pagesCarryAStrictContentSecurityPolicy() {
        HttpResponse<String> page = get("/sign-in", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(Pages.CONTENT_SECURITY_POLICY);
        assertThat(Pages.CONTENT_SECURITY_POLICY).contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.body()).doesNotContain("<script>", " style=\"", " onclick=");
    }

    @Test
    void thePlaygroundAnswersWholeWithoutAScript() {
        String cookie = signIn(TestServer.API_KEY);
        String token = csrfOf(get("/projects/" + projectId + "/playground", cookie).body());
        HttpResponse<String> answer = post("/projects/" + projectId + "/playground", cookie, "csrf=" + token
                + "&provider=mock&model=m&template=&message=Hello+there&action=send", Map.of());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("Mock response to: Hello there", "Open its log");
        HttpResponse<String> refused = post("/projects/" + projectId + "/playground", cookie, "csrf=" + token
                + "&provider=mock&model=m&temperature=hot&message=x&action=send", Map.of());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("The temperature is a number");
    }

    @Test
    void anUnknownProjectIsAPageNotAnError() {
        String cookie = signIn(TestServer.API_KEY);
        HttpResponse<String> response = get("/projects/project_missing", cookie);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("There is no project project_missing");
    }
}
