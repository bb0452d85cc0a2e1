package dev.openloop.server.catalog;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TwoNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL database, each keeping copies of what planning looks up: a change
 * node A acknowledged is what the very next chat through node B plans with, though B planned
 * with the copy from before a moment earlier.
 */
class CatalogAcrossNodesTest {
    private static final Pattern ACKNOWLEDGEMENTS = Pattern.compile(
            "^openloop_catalog_acknowledgement_seconds_count(?:\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);
    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    private static TwoNodes nodes;
    private static TestServer a;
    private static TestServer b;

    @BeforeAll
    static void start() {
        Map<String, String> oneAttempt = Map.of("OPENLOOP_PROVIDER_MAX_ATTEMPTS", "1");
        nodes = TwoNodes.start(oneAttempt, oneAttempt);
        a = nodes.a();
        b = nodes.b();
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    private static String chat(String placement) {
        return "{" + placement + ",\"model_config\":{\"provider\":\"mock\",\"model\":\"m\"}," + MESSAGES + "}";
    }

    private static String register(TestServer node, String body) {
        return expect(node.post("/v4/model-configs", body), 200).get("config").get("id").asText();
    }

    @Test
    void aProjectRenamedOnOneNodeIsNoLongerFoundByItsOldNameOnTheOther() {
        String id = expect(a.post("/v4/projects", "{\"name\":\"before-rename\"}"), 201).get("id").asText();
        String named = "\"project_id\":\"" + id + "\",\"project\":\"before-rename\"";
        expect(b.post("/v4/chat", chat(named)), 200);

        expect(a.patch("/v4/projects/" + id, "{\"name\":\"after-rename\"}"), 200);

        expect(b.post("/v4/chat", chat(named)), 422);
        expect(b.post("/v4/chat", chat("\"project_id\":\"" + id + "\",\"project\":\"after-rename\"")), 200);
        JsonNode answer = expect(b.post("/v4/chat", chat("\"project\":\"before-rename\"")), 200);
        assertThat(answer.get("project_id").asText()).as("the old name is free: a new project takes it").isNotEqualTo(id);
    }

    @Test
    void aProjectDeletedOnOneNodeIsNotFoundOnTheOther() {
        String id = expect(a.post("/v4/projects", "{\"name\":\"to-delete\"}"), 201).get("id").asText();
        expect(b.post("/v4/chat", chat("\"project_id\":\"" + id + "\"")), 200);
        expect(b.post("/v4/chat", chat("\"project\":\"to-delete\"")), 200);

        expect(a.delete("/v4/projects/" + id), 204);

        expect(b.post("/v4/chat", chat("\"project_id\":\"" + id + "\"")), 404);
        JsonNode answer = expect(b.post("/v4/chat", chat("\"project\":\"to-delete\"")), 200);
        assertThat(answer.get("project_id").asText()).isNotEqualTo(id);
    }

    @Test
    void aConfigRedeployedOnOneNodeIsTheOneTheOtherServes() {
        String id = expect(a.post("/v4/projects", "{\"name\":\"redeployed\"}"), 201).get("id").asText();
        String first = register(a, "{\"project_id\":\"" + id + "\",\"provider\":\"mock\",\"model\":\"first\"}");
        String second = register(a, "{\"project_id\":\"" + id + "\",\"provider\":\"mock\",\"model\":\"second\"}");
        String deployed = "{\"project_id\":\"" + id + "\"," + MESSAGES + "}";
        assertThat(servedConfig(b.post("/v4/chat-deployed", deployed))).as("the first registered is deployed").isEqualTo(first);

        expect(a.patch("/v4/projects/" + id + "/deploy-config", "{\"config_id\":\"" + second + "\"}"), 200);
        assertThat(servedConfig(b.post("/v4/chat-deployed", deployed))).isEqualTo(second);

        expect(a.delete("/v4/projects/" + id + "/active-config"), 200);
        expect(b.post("/v4/chat-deployed", deployed), 404);
    }

    @Test
    void fallbacksReplacedOnOneNodeAreTheOnesTheOtherFallsBackTo() {
        String project = "\"project\":\"fallbacks-replaced\"";
        String one = register(a, "{" + project + ",\"provider\":\"mock\",\"model\":\"fallback-one\"}");
        String two = register(a, "{" + project + ",\"provider\":\"mock\",\"model\":\"fallback-two\"}");
        String failing = "{" + project + ",\"provider\":\"mock\",\"model\":\"failing\",\"other\":{\"mock_error_status\":503}";
        String primary = register(a, failing + ",\"fallbacks\":[{\"config_id\":\"" + one + "\"}]}");
        String call = "{\"model_config_id\":\"" + primary + "\"," + project + "," + MESSAGES + "}";
        assertThat(servedConfig(b.post("/v4/chat-model-config", call))).isEqualTo(one);

        register(a, failing + ",\"fallbacks\":[{\"config_id\":\"" + two + "\"}]}");
        assertThat(servedConfig(b.post("/v4/chat-model-config", call))).isEqualTo(two);
    }

    @Test
    void aDeploymentToManyEnvironmentsWaitsForTheOtherNodeOnceAndIsWhatItPlansWithNext() {
        List<String> environments = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            environments.add(expect(a.post("/v4/environments", "{\"name\":\"wide-" + i + "\"}"), 201).get("id").asText());
        }
        JsonNode registered = expect(a.post("/v4/model-configs",
                "{\"project\":\"deployed-wide\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"wide\"}"), 200);
        String projectId = registered.get("project_id").asText();
        String config = registered.get("config").get("id").asText();
        double before = acknowledgements(a);

        expect(a.patch("/v4/projects/" + projectId + "/deploy-config", "{\"config_id\":\"" + config + "\",\"environments\":"
                + environments.stream().map(id -> "{\"id\":\"" + id + "\"}").collect(Collectors.joining(",", "[", "]")) + "}"), 200);

        assertThat(acknowledgements(a) - before).as("acknowledgements waited for by one request of six deployments").isEqualTo(1);
        JsonNode answer = expect(b.post("/v4/chat-deployed", "{\"project_id\":\"" + projectId + "\",\"environment\":\"wide-5\","
                + MESSAGES + "}"), 200);
        assertThat(answer.get("data").get(0).get("model_config_id").asText()).isEqualTo(config);
    }

    @Test
    void registeringAConfigAgainAsItIsChangesNothingAndWaitsForNoOne() {
        String body = "{\"project\":\"registered-twice\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"twice\","
                + "\"fallbacks\":[{\"provider\":\"mock\",\"model\":\"spare\"}]}";
        String config = register(a, body);
        double before = acknowledgements(a);

        assertThat(register(a, body)).isEqualTo(config);

        assertThat(acknowledgements(a) - before).as("acknowledgements waited for by a registration that changed nothing").isZero();
    }

    /** How many catalog changes {@code node} has acknowledged, from its {@code /metrics}. */
    private static double acknowledgements(TestServer node) {
        String body = expect200(node.get("/metrics"));
        Matcher count = ACKNOWLEDGEMENTS.matcher(body);
        assertThat(count.find()).as("the acknowledgements' timer in /metrics").isTrue();
        return Double.parseDouble(count.group(1));
    }

    private static String expect200(java.net.http.HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static String servedConfig(java.net.http.HttpResponse<String> response) {
        return expect(response, 200).get("data").get(0).get("model_config_id").asText();
    }
}
