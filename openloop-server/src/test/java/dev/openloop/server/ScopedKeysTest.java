package dev.openloop.server;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * Keys that carry a role and projects, made each of the three ways (the command line, the admin
 * API, the console's keys page) and used at each door: v4, /v1 and the console.
 */
class ScopedKeysTest extends EveryStoreSuite {
    private static final Pattern KEY = Pattern.compile("ol_[A-Za-z0-9]{40}");
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static TestDatabase database;
    private static TestServer server;
    private static String projectA;
    private static String projectB;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        database = TestDatabase.create(store);
        server = TestServer.startOn(database, Map.of());
        projectA = expect(server.post("/v4/projects", "{\"name\":\"alpha\"}"), 201).get("id").asText();
        projectB = expect(server.post("/v4/projects", "{\"name\":\"beta\"}"), 201).get("id").asText();
        for (String project : new String[] {projectA, projectB}) {
            expect(server.post("/v4/model-configs", "{\"project_id\":\"" + project + "\",\"provider\":\"mock\",\"model\":\"m\"}"), 200);
        }
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
        database.close();
    }

    private int cli(String... args) {
        out.reset();
        err.reset();
        return Cli.execute(args, database.env(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> as(String key, String method, String path, String body) {
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("X-API-KEY", key)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static String apiKey(String body) {
        return expect(server.post("/v4/openloop/keys", body), 201).get("key").asText();
    }

    @Test
    void theCommandLineMakesAKeyOfARoleAndProjectsByNameAndListsThem() {
        assertThat(cli("keys", "create", "--name", "ci", "--role", "write", "--project", "alpha")).isEqualTo(Cli.OK);
        Matcher key = KEY.matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(key.find()).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("role write", projectA);

        assertThat(cli("keys", "list")).isEqualTo(Cli.OK);
        String listed = out.toString(StandardCharsets.UTF_8);
        assertThat(listed).contains("ROLE", "PROJECTS");
        assertThat(listed.lines().filter(line -> line.contains(" ci")).findFirst().orElseThrow()).contains("write", projectA);
        assertThat(listed.lines().filter(line -> line.contains("OPENLOOP_API_KEY")).findFirst().orElseThrow())
                .as("today's keys are admin keys of every project").contains("admin", "(all)");

        JsonNode projects = expect(as(key.group(), "GET", "/v4/projects?size=100", null), 200);
        assertThat(projects.get("total").asInt()).isEqualTo(1);
        assertThat(projects.get("records").get(0).get("id").asText()).isEqualTo(projectA);
        assertThat(as(key.group(), "GET", "/v4/projects/" + projectB, null).statusCode()).isEqualTo(404);
        assertThat(as(key.group(), "POST", "/v4/projects", "{\"name\":\"gamma\"}").statusCode()).isEqualTo(403);
        expect(as(key.group(), "POST", "/v4/chat", "{\"project\":\"alpha\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"model_config\":{\"provider\":\"mock\",\"model\":\"m\"}}"), 200);
        HttpResponse<String> newProject = as(key.group(), "POST", "/v4/chat", "{\"project\":\"gamma\",\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"x\"}],\"model_config\":{\"provider\":\"mock\",\"model\":\"m\"}}");
        assertThat(newProject.statusCode()).as("a key limited to projects creates none").isEqualTo(404);
        assertThat(TestServer.json(newProject.body()).get("detail").asText()).isEqualTo("Project 'gamma' not found");
        HttpResponse<String> existing = as(key.group(), "POST", "/v4/chat", "{\"project\":\"beta\",\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"x\"}],\"model_config\":{\"provider\":\"mock\",\"model\":\"m\"}}");
        assertThat(existing.body()).as("another project's name answers as a name no project has")
                .isEqualTo(newProject.body().replace("gamma", "beta"));

        assertThat(cli("keys", "create", "--role", "owner")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--role", "admin, write, read");
        assertThat(cli("keys", "create", "--project", "alpha", "--project", "no-such")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--project #2", "no-such");
    }

    @Test
    void theAdminApiMakesListsAndRevokesKeysAndRefusesBadInputsAtTheirField() {
        HttpResponse<String> bad = server.post("/v4/openloop/keys", "{\"name\":\" \",\"role\":\"owner\",\"projects\":[\"alpha\",\"nope\"]}");
        assertThat(bad.statusCode()).isEqualTo(422);
        JsonNode problems = TestServer.json(bad.body()).get("detail");
        assertThat(problems.findValuesAsText("loc").toString()).isNotNull();
        assertThat(bad.body()).contains("[\"body\",\"name\"]", "[\"body\",\"role\"]", "[\"body\",\"projects\",1]")
                .doesNotContain("[\"body\",\"projects\",0]");
        assertThat(server.post("/v4/openloop/keys", "{\"role\":5}").statusCode()).isEqualTo(422);
        assertThat(server.post("/v4/openloop/keys", "{\"projects\":\"alpha\"}").statusCode()).isEqualTo(422);
        assertThat(server.post("/v4/openloop/keys", "{\"rights\":\"all\"}").statusCode()).isEqualTo(422);

        JsonNode made = expect(server.post("/v4/openloop/keys", "{\"name\":\"reader\",\"role\":\"read\",\"projects\":[\"" + projectB
                + "\"]}"), 201);
        String key = made.get("key").asText();
        String id = made.get("id").asText();
        assertThat(made.get("role").asText()).isEqualTo("read");
        assertThat(made.get("projects").get(0).asText()).isEqualTo(projectB);
        JsonNode listed = expect(server.get("/v4/openloop/keys"), 200);
        assertThat(listed.toString()).contains(id).doesNotContain(key);

        assertThat(as(key, "GET", "/v4/openloop/keys", null).statusCode()).as("keys are an admin's").isEqualTo(403);
        assertThat(as(key, "GET", "/v4/projects/" + projectB, null).statusCode()).isEqualTo(200);
        assertThat(as(key, "PATCH", "/v4/projects/" + projectB, "{\"name\":\"b2\"}").statusCode()).isEqualTo(403);
        assertThat(as(key, "POST", "/v4/environments", "{\"name\":\"qa\"}").statusCode()).isEqualTo(403);

        JsonNode revoked = expect(server.delete("/v4/openloop/keys/" + id), 200);
        assertThat(revoked.get("revoked_at").isNumber()).isTrue();
        assertThat(as(key, "GET", "/v4/projects/" + projectB, null).statusCode()).as("refused from the next request").isEqualTo(401);
        assertThat(server.delete("/v4/openloop/keys/key_000000000000").statusCode()).isEqualTo(404);
    }

    @Test
    void aKeyPutsNoLogIntoAnotherProjectsSessionOrUnderItsLog() {
        JsonNode chat = expect(server.post("/v4/chat", "{\"project\":\"beta\",\"session_reference_id\":\"beta-talk\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"model_config\":{\"provider\":\"mock\",\"model\":\"m\"}}"), 200);
        String sessionB = chat.get("session_id").asText();
        String logB = chat.get("data").get(0).get("id").asText();
        String key = apiKey("{\"role\":\"write\",\"projects\":[\"alpha\"]}");
        int logs = server.logCount();
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"model_config\":{\"provider\":\"mock\",\"model\":\"m\"}";

        HttpResponse<String> intoSession = as(key, "POST", "/v4/chat", "{\"project\":\"alpha\",\"session_id\":\"" + sessionB + "\","
                + messages + "}");
        assertThat(intoSession.statusCode()).isEqualTo(404);
        assertThat(TestServer.json(intoSession.body()).get("detail").asText()).isEqualTo("Session " + sessionB + " not found");
        HttpResponse<String> underLog = as(key, "POST", "/v4/chat", "{\"project\":\"alpha\",\"parent_id\":\"" + logB + "\","
                + messages + "}");
        assertThat(underLog.statusCode()).isEqualTo(404);
        assertThat(TestServer.json(underLog.body()).get("detail").asText()).isEqualTo("Parent log " + logB + " not found");
        HttpResponse<String> logged = as(key, "POST", "/v4/logs", "{\"project\":\"alpha\",\"session_id\":\"" + sessionB
                + "\",\"output\":\"x\",\"config\":{\"provider\":\"mock\",\"model\":\"m\"}}");
        assertThat(logged.statusCode()).isEqualTo(404);
        HttpResponse<String> byReference = as(key, "POST", "/v4/chat", "{\"project\":\"alpha\",\"session_reference_id\":\"beta-talk\","
                + messages + "}");
        assertThat(byReference.statusCode()).as("another project's session by its reference: %s", byReference.body()).isEqualTo(409);
        assertThat(server.logCount()).as("no log written").isEqualTo(logs);
        expect(as(key, "POST", "/v4/chat", "{\"project\":\"alpha\"," + messages + "}"), 200);
    }

    @Test
    void v1ListsAndServesOnlyTheKeysProjects() {
        String key = apiKey("{\"role\":\"write\",\"projects\":[\"alpha\"]}");
        JsonNode models = expect(server.send(HttpRequest.newBuilder(server.uri("/v1/models"))
                .header("Authorization", "Bearer " + key).build()), 200);
        assertThat(models.toString()).contains("\"alpha\"").doesNotContain("beta");

        HttpResponse<String> other = v1Chat(key, "beta");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(TestServer.json(other.body()).get("error").get("message").asText()).doesNotContain("key", "scope");
        assertThat(v1Chat(key, "alpha").statusCode()).isEqualTo(200);

        String reader = apiKey("{\"role\":\"read\"}");
        HttpResponse<String> read = v1Chat(reader, "alpha");
        assertThat(read.statusCode()).isEqualTo(403);
        assertThat(TestServer.json(read.body()).get("error").get("message").asText()).contains("read");
    }

    @Test
    void aScopedKeySeesTheSpendOfItsOwnProjectsAlone() {
        expect(server.post("/v4/chat", "{\"project_id\":\"" + projectB + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"model_config\":{\"provider\":\"mock\",\"model\":\"m\"}}"), 200);
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        String range = "/v4/openloop/spend?from=" + today + "&to=" + today + "&group_by=project";
        String alphaOnly = apiKey("{\"role\":\"read\",\"projects\":[\"alpha\"]}");
        JsonNode own = expect(as(alphaOnly, "GET", range, null), 200);
        assertThat(own.toString()).doesNotContain(projectB);
        JsonNode other = expect(as(alphaOnly, "GET", range + "&project_id=" + projectB, null), 404);
        assertThat(other.get("detail").asText()).isEqualTo("Project " + projectB + " not found");

        String both = apiKey("{\"role\":\"read\",\"projects\":[\"alpha\",\"beta\"]}");
        assertThat(expect(as(both, "GET", range, null), 403).get("detail").asText()).contains("project_id");
        assertThat(expect(as(both, "GET", range + "&project_id=" + projectB, null), 200).toString()).contains(projectB);
        assertThat(expect(server.get(range), 200).toString()).as("an admin key sees every project").contains(projectB);
    }

    private static HttpResponse<String> v1Chat(String key, String model) {
        return server.send(HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
                .build());
    }

    @Test
    void theConsoleShowsAKeyItsProjectsAloneAndRefusesAReadKeysChanges() {
        String scoped = apiKey("{\"role\":\"write\",\"projects\":[\"alpha\"]}");
        String cookie = signIn(scoped);
        String list = get("/projects", cookie).body();
        assertThat(list).contains(projectA).doesNotContain(projectB);
        HttpResponse<String> other = get("/projects/" + projectB, cookie);
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).contains("There is no project " + projectB);
        assertThat(get("/keys", cookie).statusCode()).as("keys are an admin's").isEqualTo(403);

        String reader = signIn(apiKey("{\"role\":\"read\"}"));
        HttpResponse<String> page = get("/projects/" + projectA, reader);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).as("a read key sees no change").doesNotContain("id=\"deploy\"");
        assertThat(get("/projects/" + projectA, cookie).body()).as("a write key does").contains("id=\"deploy\"");
        HttpResponse<String> deploy = post("/projects/" + projectA + "/deploy", reader, "csrf=" + csrfOf(page.body())
                + "&environment=x&config=y");
        assertThat(deploy.statusCode()).isEqualTo(403);
        assertThat(deploy.body()).contains("read key");

        String admin = signIn(TestServer.API_KEY);
        HttpResponse<String> keysPage = get("/keys", admin);
        HttpResponse<String> created = post("/keys", admin, "csrf=" + csrfOf(keysPage.body()) + "&name=console-made&role=read&projects="
                + URLEncoder.encode("alpha, beta", StandardCharsets.UTF_8));
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body()).containsPattern(KEY.pattern());
        String row = created.body().substring(created.body().indexOf("console-made</td>"));
        assertThat(row.substring(0, row.indexOf("</tr>"))).contains(">read<", projectA, projectB);
    }

    private static HttpResponse<String> get(String path, String cookie) {
        return server.send(HttpRequest.newBuilder(server.uri(path)).header("Cookie", cookie).GET().build());
    }

    private static HttpResponse<String> post(String path, String cookie, String form) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return server.send(request.build());
    }

    private static String signIn(String key) {
        HttpResponse<String> response = post("/sign-in", null, "key=" + key);
        assertThat(response.statusCode()).isEqualTo(303);
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static String csrfOf(String page) {
        Matcher matcher = CSRF.matcher(page);
        assertThat(matcher.find()).as("a form with a CSRF token").isTrue();
        return matcher.group(1);
    }
}
