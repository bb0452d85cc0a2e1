package dev.openloop.server.modelconfig;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /v4/model-configs} and {@code /v4/chat-model-config} (spec §10.3, §3). */
class ModelConfigEndpointsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode register(String body) {
        return expect(server.post("/v4/model-configs", body), 200);
    }

    @Test
    void registeringCreatesTheProjectAndTheFirstConfigBecomesActive() {
        JsonNode first = register("""
                {"project":"registry","model":"gpt-4o","provider":"openai","name":"first","chat_template":[{"role":"system","content":"Be brief"}]}""");
        assertThat(first.get("project_name").asText()).isEqualTo("registry");
        String projectId = first.get("project_id").asText();
        String firstId = first.get("config").get("id").asText();
        assertThat(firstId).startsWith("config_");
        assertThat(first.get("config").get("endpoint").asText()).as("v4's register default").isEqualTo("complete");
        assertThat(first.get("config").get("name").asText()).isEqualTo("first");
        register("{\"project_id\":\"" + projectId + "\",\"model\":\"gpt-4o-mini\",\"provider\":\"openai\"}");
        JsonNode project = expect(server.get("/v4/projects/" + projectId), 200);
        assertThat(project.get("active_config").get("config").get("id").asText()).isEqualTo(firstId);
        assertThat(expect(server.get("/v4/projects/" + projectId + "/configs"), 200)).hasSize(2);
    }

    @Test
    void theSameParametersGiveTheSameIdOnEveryRegistration() {
        String a = register("{\"project\":\"same-a\",\"model\":\"m\",\"provider\":\"mock\",\"temperature\":0.3}").get("config").get("id").asText();
        String b = register("{\"project\":\"same-b\",\"model\":\"m\",\"provider\":\"mock\",\"temperature\":0.3,\"top_p\":1}").get("config").get("id").asText();
        String c = register("{\"project\":\"same-a\",\"model\":\"m\",\"provider\":\"mock\",\"temperature\":0.4}").get("config").get("id").asText();
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
        JsonNode stored = expect(server.get("/v4/model-configs/" + a), 200);
        assertThat(stored.get("id").asText()).isEqualTo(a);
        assertThat(stored.get("type").asText()).isEqualTo("model");
        assertThat(stored.get("temperature").asDouble()).isEqualTo(0.3);
        assertThat(server.get("/v4/model-configs/config_unknown").statusCode()).isEqualTo(404);
    }

    @Test
    void theSchemaIsStrictButTheKeysSdksAddAreIgnored() {
        JsonNode extra = expect(server.post("/v4/model-configs", "{\"project\":\"strict\",\"model\":\"m\",\"colour\":\"red\"}"), 422);
        assertThat(extra.get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"colour\"]");
        register("{\"project\":\"strict\",\"model\":\"m\",\"provider_api_keys\":{}}");
        JsonNode noProject = expect(server.post("/v4/model-configs", "{\"model\":\"m\"}"), 422);
        assertThat(noProject.get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"project\"]");
        JsonNode noModel = expect(server.post("/v4/model-configs", "{\"project\":\"strict\"}"), 422);
        assertThat(noModel.get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"model\"]");
        assertThat(server.post("/v4/model-configs", "{\"project_id\":\"pr_nope\",\"model\":\"m\"}").statusCode()).isEqualTo(404);
        assertThat(server.post("/v4/model-configs", "{\"project\":\"strict\",\"model\":\"m\",\"experiment\":\"none such\"}").statusCode())
                .isEqualTo(404);
    }

    @Test
    void chatModelConfigUsesTheRegisteredConfig() {
        JsonNode registered = register("""
                {"project":"by-id","model":"m","provider":"mock","endpoint":"chat",
                 "chat_template":[{"role":"system","content":"Hello {{name}}"}]}""");
        String configId = registered.get("config").get("id").asText();
        JsonNode answer = expect(server.post("/v4/chat-model-config", """
                {"model_config_id":"%s","project":"by-id","inputs":{"name":"Ada"},"messages":[{"role":"user","content":"hi"}]}"""
                .formatted(configId)), 200);
        assertThat(answer.get("data").get(0).get("model_config_id").asText()).isEqualTo(configId);
        assertThat(answer.get("provider_request").get("messages").get(0).get("content").asText()).isEqualTo("Hello Ada");
        assertThat(answer.get("project_id").asText()).isEqualTo(registered.get("project_id").asText());

        assertThat(server.post("/v4/chat-model-config", "{\"model_config_id\":\"config_nope\",\"messages\":[]}").statusCode()).isEqualTo(404);
        JsonNode missing = expect(server.post("/v4/chat-model-config", "{\"messages\":[]}"), 422);
        assertThat(missing.get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"model_config_id\"]");
        JsonNode inline = expect(server.post("/v4/chat-model-config",
                "{\"model_config_id\":\"" + configId + "\",\"model_config\":{\"model\":\"m\"},\"messages\":[]}"), 422);
        assertThat(inline.get("detail").get(0).get("type").asText()).isEqualTo("value_error.extra");
        JsonNode noInput = expect(server.post("/v4/chat-model-config",
                "{\"model_config_id\":\"" + configId + "\",\"messages\":[]}"), 422);
        assertThat(noInput.get("detail").get(0).get("loc").toString()).isEqualTo("[\"body\",\"inputs\",\"name\"]");
    }
}
