package dev.openloop.server.apikey;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.door.v4.V4Access;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * Walks every v4 route V4Access has a rule for (a route without one stops the node from starting,
 * so this is every route) with a write key limited to another project and with a read key, and
 * holds each answer to 404 (another project's thing, as if it did not exist) or 403 (a role that
 * may not), and every table of the database to what it was: no cross-project read or write.
 */
class ScopeWalkTest extends EveryStoreSuite {
    private static final String MOCK = "{\"provider\":\"mock\",\"model\":\"m\"}";
    private static final String PROMPTED = "{\"provider\":\"mock\",\"model\":\"m\",\"prompt_template\":\"Say {{x}}\"}";
    private static TestServer server;
    private static String projectA;
    private static String projectB;
    private static String configB;
    private static String experimentB;
    private static String logB;
    private static String sessionB;
    private static String environment;
    private static String scopedKey;
    private static String readKey;
    private static String adminKeyId;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        server = TestServer.start(store);
        projectA = expect(server.post("/v4/projects", "{\"name\":\"A\"}"), 201).get("id").asText();
        projectB = expect(server.post("/v4/projects", "{\"name\":\"B\"}"), 201).get("id").asText();
        configB = expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectB + "\",\"provider\":\"mock\","
                + "\"model\":\"m\",\"prompt_template\":\"Say {{x}}\"}"), 200).get("config").get("id").asText();
        String configB2 = expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectB + "\",\"provider\":\"mock\","
                + "\"model\":\"m2\"}"), 200).get("config").get("id").asText();
        experimentB = expect(server.post("/v4/projects/" + projectB + "/experiments", """
                {"name":"arms","positive_labels":[{"type":"rating","value":"good"}],"config_ids":["%s","%s"]}"""
                .formatted(configB, configB2)), 200).get("id").asText();
        JsonNode chat = expect(server.post("/v4/chat", "{\"project_id\":\"" + projectB + "\",\"session_reference_id\":\"s-b\","
                + "\"inputs\":{\"x\":\"hi\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"model_config\":" + MOCK + "}"), 200);
        logB = chat.get("data").get(0).get("id").asText();
        sessionB = chat.get("session_id").asText();
        expect(server.post("/v4/logs", "{\"project_id\":\"" + projectB + "\",\"reference_id\":\"ref-b\",\"config_id\":\"" + configB + "\",\"output\":\"x\"}"), 200);
        environment = expect(server.get("/v4/environments"), 200).get(0).get("id").asText();
        scopedKey = expect(server.post("/v4/openloop/keys", "{\"name\":\"a only\",\"role\":\"write\",\"projects\":[\"A\"]}"), 201)
                .get("key").asText();
        readKey = expect(server.post("/v4/openloop/keys", "{\"name\":\"reader\",\"role\":\"read\"}"), 201).get("key").asText();
        adminKeyId = ApiKeyHash.idOf(ApiKeyHash.of(TestServer.API_KEY));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    /** {@code path} with its parameters naming project B's things. */
    private static String concrete(String template) {
        String path = template
                .replace("/projects/{id}", "/projects/" + projectB)
                .replace("/projects/{project_id}", "/projects/" + projectB)
                .replace("/model-configs/{id}", "/model-configs/" + configB)
                .replace("{experiment_id}", experimentB)
                .replace("/sessions/{id}", "/sessions/" + sessionB)
                .replace("/logs/{id}", "/logs/" + logB)
                .replace("{environment_id}", environment)
                .replace("/openloop/keys/{id}", "/openloop/keys/" + adminKeyId)
                .replaceAll("\\{[a-z_]+}", "x");
        return "/v4" + path + switch (template) {
            case "/logs", "/sessions" -> "?project_id=" + projectB + "&reference_id=ref-b&id=" + logB;
            case "/openloop/spend" -> "?from=2020-01-01&to=2020-01-02&project_id=" + projectB;
            default -> "";
        };
    }

    /** A body that names project B's things, and would be served for a key that reaches B. */
    private static String body(String method, String template) {
        String inputs = "\"inputs\":{\"x\":\"hi\"}";
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]," + inputs;
        return switch (method + " " + template) {
            case "POST /chat" -> "{\"project_id\":\"" + projectB + "\"," + messages + ",\"model_config\":" + MOCK + "}";
            case "POST /completion" -> "{\"project_id\":\"" + projectB + "\",\"inputs\":{\"x\":\"hi\"},\"model_config\":" + PROMPTED + "}";
            case "POST /chat-deployed" -> "{\"project_id\":\"" + projectB + "\"," + messages + ",\"environment\":\"production\"}";
            case "POST /completion-deployed" -> "{\"project_id\":\"" + projectB + "\"," + inputs + ",\"environment\":\"production\"}";
            case "POST /chat-experiment" -> "{\"experiment_id\":\"" + experimentB + "\"," + messages + "}";
            case "POST /completion-experiment" -> "{\"experiment_id\":\"" + experimentB + "\"," + inputs + "}";
            case "POST /chat-model-config" -> "{\"model_config_id\":\"" + configB + "\"," + messages + "}";
            case "POST /completion-model-config" -> "{\"model_config_id\":\"" + configB + "\"," + inputs + "}";
            case "POST /model-configs" -> "{\"project\":\"B\",\"provider\":\"mock\",\"model\":\"m9\"}";
            case "POST /logs" -> "{\"project\":\"B\",\"config_id\":\"" + configB + "\",\"output\":\"x\"}";
            case "POST /feedback" -> "{\"type\":\"rating\",\"value\":\"good\",\"data_id\":\"" + logB + "\"}";
            case "POST /projects" -> "{\"name\":\"C\"}";
            case "PATCH /projects/{id}" -> "{\"name\":\"B2\"}";
            case "PATCH /projects/{project_id}/deploy-config" -> "{\"config_id\":\"" + configB + "\",\"environments\":[{\"id\":\""
                    + environment + "\"}]}";
            case "POST /environments" -> "{\"name\":\"staging\"}";
            case "POST /openloop/keys" -> "{\"role\":\"admin\"}";
            default -> "{}";
        };
    }

    private static HttpResponse<String> call(String key, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("X-API-KEY", key).header("Content-Type", "application/json")
                .method(method, method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return server.send(request.build());
    }

    /** Every row of every table, in a stable order (but for the pages of SQLite's full-text index, merged in the background). */
    private static Map<String, List<Map<String, Object>>> dump() {
        try {
            return dumpTables();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, List<Map<String, Object>>> dumpTables() throws java.sql.SQLException {
        Map<String, List<Map<String, Object>>> tables = new TreeMap<>();
        server.database().useHandle(h -> {
            List<String> names = h.getConnection().getMetaData().getURL().startsWith("jdbc:sqlite")
                    ? h.createQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").mapTo(String.class).list()
                    : h.createQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                            + " AND table_type = 'BASE TABLE'").mapTo(String.class).list();
            for (String name : names) {
                if (name.startsWith("log_search_index_")) {
                    continue; // SQLite's full-text index keeps its own pages, which it merges when it likes; log_search is compared
                }
                List<Map<String, Object>> rows = new ArrayList<>(h.createQuery("SELECT * FROM " + name).mapToMap().list());
                rows.sort((a, b) -> String.valueOf(new TreeMap<>(a)).compareTo(String.valueOf(new TreeMap<>(b))));
                tables.put(name, rows);
            }
        });
        return tables;
    }

    @Test
    void aKeyOfAnotherProjectFindsNothingAndChangesNothingOnAnyRoute() {
        Map<String, List<Map<String, Object>>> before = dump();
        List<String> walked = new ArrayList<>();
        for (Map.Entry<String, Role> route : new V4Access(null).roles().entrySet()) {
            String method = route.getKey().substring(0, route.getKey().indexOf(' '));
            String template = route.getKey().substring(method.length() + 1);
            HttpResponse<String> answer = call(scopedKey, method, concrete(template), body(method, template));
            int expected = expectedForScoped(method, template, route.getValue());
            assertThat(answer.statusCode()).as("%s with a key of project A: %s", route.getKey(), answer.body()).isEqualTo(expected);
            if (expected == 404) {
                assertThat(TestServer.json(answer.body()).get("detail").asText()).as(route.getKey())
                        .doesNotContain("scope", "limited", "key")
                        .matches("(Project|Experiment|Model config|Session|Log|Parent log) \\S+ not found"
                                + "|Project 'B' not found|No log has reference_id ref-b");
                if (!concrete(template).contains(projectB) && !body(method, template).contains(projectB)) {
                    assertThat(answer.body()).as("%s names no project it was not given", route.getKey()).doesNotContain(projectB);
                }
            }
            if (expected == 200 && template.equals("/projects")) {
                assertThat(answer.body()).contains(projectA).doesNotContain(projectB);
            }
            walked.add(route.getKey());
        }
        Map<String, List<Map<String, Object>>> after = dump();
        after.forEach((table, rows) -> assertThat(rows).as("table %s after every route with a key of project A", table)
                .isEqualTo(before.get(table)));
        assertThat(walked).hasSizeGreaterThan(40);
    }

    @Test
    void aReadKeyChangesNothingOnAnyRoute() {
        Map<String, List<Map<String, Object>>> before = dump();
        for (Map.Entry<String, Role> route : new V4Access(null).roles().entrySet()) {
            String method = route.getKey().substring(0, route.getKey().indexOf(' '));
            String template = route.getKey().substring(method.length() + 1);
            HttpResponse<String> answer = call(readKey, method, concrete(template), body(method, template));
            int status = answer.statusCode();
            if (template.contains("datasets") || template.contains("evaluat") || template.contains("finetune")
                    || template.contains("datapoints") || template.contains("/model-configs/serialize")
                    || template.contains("/model-configs/deserialize") || template.contains("/export") && template.startsWith("/model-configs")) {
                assertThat(status).as(route.getKey()).isEqualTo(501);
            } else if (route.getValue() == Role.READ) {
                assertThat(status).as("%s with a read key: %s", route.getKey(), answer.body()).isEqualTo(200);
            } else {
                assertThat(status).as("%s with a read key: %s", route.getKey(), answer.body()).isEqualTo(403);
                assertThat(TestServer.json(answer.body()).get("detail").asText()).contains("read");
            }
        }
        Map<String, List<Map<String, Object>>> after = dump();
        after.forEach((table, rows) -> assertThat(rows).as("table %s after every route with a read key", table).isEqualTo(before.get(table)));
    }

    private static int expectedForScoped(String method, String template, Role role) {
        if (role == Role.ADMIN) {
            return 403;
        }
        if (template.contains("datasets") || template.contains("evaluat") || template.contains("finetune")
                || template.contains("datapoints") || template.startsWith("/model-configs/serialize")
                || template.startsWith("/model-configs/deserialize") || template.equals("/model-configs/{id}/export")) {
            return 501;
        }
        return switch (method + " " + template) {
            case "GET /projects", "GET /environments" -> 200;
            case "POST /projects", "POST /sessions" -> 403;
            default -> 404;
        };
    }
}
