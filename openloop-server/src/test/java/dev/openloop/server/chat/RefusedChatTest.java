package dev.openloop.server.chat;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * A chat request that is refused leaves nothing behind: no project named for the first time, no
 * config version, no session, no log. Everything it names is checked before anything is written,
 * and so is whether its provider calls can be made at all (a key for each, an Azure endpoint).
 */
class RefusedChatTest extends EveryStoreSuite {
    private static final List<String> TABLES = List.of("projects", "model_configs", "project_configs", "sessions", "logs");
    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private static TestServer server;
    private static String experimentId;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        server = TestServer.start(store);
        String owner = expect(server.post("/v4/projects", "{\"name\":\"experiment-owner\"}"), 201).get("id").asText();
        String config = expect(server.post("/v4/model-configs", "{\"project_id\":\"" + owner
                + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"owned\"}"), 200).get("config").get("id").asText();
        experimentId = expect(server.post("/v4/projects/" + owner + "/experiments",
                "{\"name\":\"e\",\"positive_labels\":[],\"config_ids\":[\"" + config + "\"]}"), 200).get("id").asText();
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    /** How many rows each table has. */
    private static Map<String, Integer> rows() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, server.database().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table)
                    .mapTo(Integer.class).one()));
        }
        return counts;
    }

    /** Sends {@code body}, expects {@code status}, and checks that no table gained a row. */
    private static JsonNode refused(String path, String body, int status) {
        Map<String, Integer> before = rows();
        HttpResponse<String> response = server.post(path, body);
        assertThat(response.statusCode()).as("%s %s → %s", path, body, response.body()).isEqualTo(status);
        assertThat(rows()).as("rows after %s %s", path, body).isEqualTo(before);
        return TestServer.json(response.body());
    }

    private static String inline(String extra) {
        return "\"model_config\":{\"provider\":\"mock\",\"model\":\"refused-" + extra + "\"}";
    }

    @Test
    void aPlaceholderWithoutInputCreatesNeitherTheProjectNorTheConfig() {
        JsonNode answer = refused("/v4/chat", """
                {"project":"new-on-422",%s,"model_config":{"provider":"mock","model":"refused-template",
                 "chat_template":[{"role":"system","content":"Hello {{name}}"}]}}""".formatted(MESSAGES), 422);
        assertThat(answer.get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"inputs\",\"name\"]");
    }

    @Test
    void anUnknownSessionIdCreatesNothing() {
        refused("/v4/chat", "{\"project\":\"new-on-session-404\",\"session_id\":\"sesh_nope\"," + MESSAGES + "," + inline("s") + "}", 404);
    }

    @Test
    void anUnknownParentCreatesNothingNotEvenTheSessionOfANewReference() {
        refused("/v4/chat", "{\"project\":\"new-on-parent-404\",\"parent_id\":\"data_nope\"," + MESSAGES + "," + inline("p") + "}", 404);
        refused("/v4/chat", "{\"project\":\"new-on-parent-404\",\"session_reference_id\":\"new-conversation\",\"parent_id\":\"data_nope\","
                + MESSAGES + "," + inline("p") + "}", 404);
        refused("/v4/chat", "{\"project\":\"new-on-parent-404\",\"session_reference_id\":\"new-conversation\","
                + "\"parent_reference_id\":\"no-such-log\"," + MESSAGES + "," + inline("p") + "}", 404);
    }

    @Test
    void aMockSettingRefusedCreatesNothing() {
        refused("/v4/chat", "{\"project\":\"new-on-setting-422\"," + MESSAGES
                + ",\"model_config\":{\"provider\":\"mock\",\"model\":\"m\",\"other\":{\"mock_latency_ms\":\"slow\"}}}", 422);
    }

    @Test
    void aNewProjectHasNothingDeployedAndIsNotCreated() {
        JsonNode answer = refused("/v4/chat-deployed", "{\"project\":\"brandnew\"," + MESSAGES + "}", 404);
        assertThat(answer.get("detail").asText()).contains("'brandnew'", "nothing deployed", "production");
    }

    @Test
    void anExperimentOfAnotherProjectIsRefusedWithoutCreatingTheNamedOne() {
        JsonNode answer = refused("/v4/chat-experiment", "{\"project\":\"not-the-owner\",\"experiment_id\":\"" + experimentId
                + "\"," + MESSAGES + "}", 422);
        assertThat(answer.get("detail").get(0).get("msg").asText()).contains("'not-the-owner'");
    }

    @Test
    void anUnknownRegisteredConfigCreatesNothing() {
        refused("/v4/chat-model-config", "{\"project\":\"new-on-config-404\",\"model_config_id\":\"config_nope\"," + MESSAGES + "}", 404);
    }

    @Test
    void aCallWithoutAKeyOrWithAKeyThatCannotBeSentCreatesNothing() {
        // The test server has no provider keys of its own.
        String openAi = "\"model_config\":{\"provider\":\"openai\",\"model\":\"gpt-4o\"}";
        JsonNode missing = refused("/v4/chat", "{\"project\":\"new-on-missing-key\",\"session_reference_id\":\"keyless\","
                + MESSAGES + "," + openAi + "}", 400);
        assertThat(missing.get("detail").get("type").asText()).isEqualTo("missing_api_key");
        assertThat(missing.get("detail").get("message").asText()).contains("provider_api_keys.openai", "OPENAI_API_KEY");

        JsonNode unsendable = refused("/v4/chat", "{\"project\":\"new-on-bad-key\",\"session_reference_id\":\"bad-key\","
                + "\"provider_api_keys\":{\"anthropic\":\"sk-ant\\r\\nX-Injected: 1\"}," + MESSAGES
                + ",\"model_config\":{\"provider\":\"anthropic\",\"model\":\"claude-sonnet-4-5\"}}", 400);
        assertThat(unsendable.get("detail").get("type").asText()).isEqualTo("invalid_api_key");

        JsonNode noEndpoint = refused("/v4/chat", "{\"project\":\"new-on-no-endpoint\",\"provider_api_keys\":{\"openai_azure\":"
                + "\"azure-key-0000\"}," + MESSAGES + ",\"model_config\":{\"provider\":\"openai_azure\",\"model\":\"gpt4o\"}}", 400);
        assertThat(noEndpoint.get("detail").get("type").asText()).isEqualTo("missing_setting");
    }

    @Test
    void whatTheBodyGotWrongIsAnsweredBeforeAMissingKey() {
        JsonNode answer = refused("/v4/chat", "{\"project\":\"new-on-both\"," + MESSAGES + ",\"model_config\":{\"provider\":"
                + "\"anthropic\",\"model\":\"claude-sonnet-4-5\",\"seed\":7}}", 422);
        assertThat(answer.get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"model_config\",\"seed\"]");
    }

    @Test
    void theSameRequestPutRightIsServedAndCreatesWhatItNames() {
        Map<String, Integer> before = rows();
        JsonNode answer = expect(server.post("/v4/chat", "{\"project\":\"new-when-served\",\"session_reference_id\":\"served\","
                + MESSAGES + "," + inline("served") + "}"), 200);
        Map<String, Integer> after = rows();
        for (String table : TABLES) {
            assertThat(after.get(table)).as(table).isEqualTo(before.get(table) + 1);
        }
        assertThat(answer.get("project_id").asText()).startsWith("pr_");
        assertThat(answer.get("session_id").asText()).startsWith("sesh_");
    }
}
