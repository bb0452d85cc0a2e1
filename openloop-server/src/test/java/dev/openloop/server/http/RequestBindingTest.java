package dev.openloop.server.http;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * Binding rules every body shares, seen on the endpoints other than chat (chat has its own
 * validation suite): a {@code null} list item is a 422 where it stands, never a 500; unknown keys
 * are refused only on the schemas v4 closes.
 */
class RequestBindingTest extends EveryStoreSuite {
    private static final String NONE = "type_error.none.not_allowed";

    private static TestServer server;
    private static String projectId;
    private static String configId;
    private static String experimentId;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        server = TestServer.start(store);
        projectId = expect(server.post("/v4/projects", "{\"name\":\"binding\"}"), 201).get("id").asText();
        configId = expect(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"provider\":\"mock\",\"endpoint\":\"chat\",\"model\":\"m\"}"), 200).get("config").get("id").asText();
        experimentId = expect(server.post("/v4/projects/" + projectId + "/experiments",
                "{\"name\":\"binding\",\"positive_labels\":[{\"type\":\"rating\",\"value\":\"good\"}],\"config_ids\":[\""
                        + configId + "\"]}"), 200).get("id").asText();
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    /** The one problem of a 422, as {@code loc type}. */
    private static String onlyProblem(HttpResponse<String> response) {
        JsonNode detail = expect(response, 422).get("detail");
        assertThat(detail).as(response.body()).hasSize(1);
        return detail.get(0).get("loc") + " " + detail.get(0).get("type").asText();
    }

    @Test
    void aNullItemInAListOfIdsIsRefusedNotLookedUp() {
        assertThat(onlyProblem(server.post("/v4/projects/" + projectId + "/experiments",
                "{\"name\":\"nulls\",\"positive_labels\":[],\"config_ids\":[null]}")))
                .isEqualTo("[\"body\",\"config_ids\",0] " + NONE);
        assertThat(onlyProblem(server.patch("/v4/experiments/" + experimentId,
                "{\"config_ids_to_register\":[\"" + configId + "\",null]}")))
                .isEqualTo("[\"body\",\"config_ids_to_register\",1] " + NONE);
        assertThat(onlyProblem(server.patch("/v4/experiments/" + experimentId, "{\"config_ids_to_deregister\":[null]}")))
                .isEqualTo("[\"body\",\"config_ids_to_deregister\",0] " + NONE);
    }

    @Test
    void aNullItemInAListOfObjectsIsRefused() {
        assertThat(onlyProblem(server.post("/v4/projects/" + projectId + "/experiments",
                "{\"name\":\"labels\",\"positive_labels\":[null]}")))
                .isEqualTo("[\"body\",\"positive_labels\",0] " + NONE);
        assertThat(onlyProblem(server.patch("/v4/projects/" + projectId + "/deploy-config",
                "{\"config_id\":\"" + configId + "\",\"environments\":[null]}")))
                .isEqualTo("[\"body\",\"environments\",0] " + NONE);
        assertThat(onlyProblem(server.post("/v4/projects", "{\"name\":\"typed\",\"feedback_types\":[null]}")))
                .isEqualTo("[\"body\",\"feedback_types\",0] " + NONE);
        assertThat(onlyProblem(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"model\":\"m\",\"stop\":[null]}")))
                .isEqualTo("[\"body\",\"stop\",0] " + NONE);
        assertThat(onlyProblem(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"model\":\"m\",\"endpoint\":\"chat\",\"chat_template\":[null]}")))
                .isEqualTo("[\"body\",\"chat_template\",0] " + NONE);
    }

    @Test
    void aNullItemOfABatchIsRefusedByItsIndex() {
        assertThat(onlyProblem(server.post("/v4/feedback", "[null]"))).isEqualTo("[\"body\",0] " + NONE);
        assertThat(onlyProblem(server.post("/v4/logs", "[{\"project_id\":\"" + projectId
                + "\",\"config\":{\"model\":\"m\"},\"output\":\"a\"},null]")))
                .isEqualTo("[\"body\",1] " + NONE);
        assertThat(onlyProblem(server.post("/v4/logs", "{\"project_id\":\"" + projectId
                + "\",\"config\":{\"model\":\"m\"},\"output\":\"a\",\"feedback\":[null]}")))
                .isEqualTo("[\"body\",\"feedback\",0] " + NONE);
        assertThat(onlyProblem(server.post("/v4/logs", "{\"project_id\":\"" + projectId
                + "\",\"config\":{\"model\":\"m\"},\"messages\":[null]}")))
                .isEqualTo("[\"body\",\"messages\",0] " + NONE);
        assertThat(server.logCount()).as("nothing was logged").isZero();
    }

    @Test
    void aRegisteredConfigRefusesUnknownKeysAtItsTopLevelOnly() {
        assertThat(onlyProblem(server.post("/v4/model-configs", "{\"project_id\":\"" + projectId
                + "\",\"model\":\"m\",\"colour\":\"red\"}")))
                .isEqualTo("[\"body\",\"colour\"] value_error.extra");
        JsonNode registered = expect(server.post("/v4/model-configs", """
                {"project_id":"%s","model":"m2","endpoint":"chat","provider_api_keys":{"openai":"k"},
                 "chat_template":[{"role":"system","content":"be brief","refusal":null}],
                 "tools":[{"name":"f","parameters":{},"strict":true}]}""".formatted(projectId)), 200);
        assertThat(registered.toString()).as("unknown keys are dropped").doesNotContain("refusal", "strict");
    }

    @Test
    void anUnknownKeyHoldingAListOrAnObjectIsRefusedAtTheKey() {
        String chat = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"model_config\":{\"model\":\"m\",\"provider\":\"mock\"%s}%s}";
        assertThat(onlyProblem(server.post("/v4/chat", chat.formatted("", ",\"colours\":[]"))))
                .isEqualTo("[\"body\",\"colours\"] value_error.extra");
        assertThat(onlyProblem(server.post("/v4/chat", chat.formatted("", ",\"colours\":[\"red\",[1]]"))))
                .isEqualTo("[\"body\",\"colours\"] value_error.extra");
        assertThat(onlyProblem(server.post("/v4/chat", chat.formatted("", ",\"colours\":{\"colours\":{}}"))))
                .isEqualTo("[\"body\",\"colours\"] value_error.extra");
        assertThat(onlyProblem(server.post("/v4/chat", chat.formatted(",\"shades\":[{}]", ""))))
                .isEqualTo("[\"body\",\"model_config\",\"shades\"] value_error.extra");
    }
}
