package dev.openloop.client;

import static dev.openloop.client.testing.LocalServer.chatAnswer;
import static dev.openloop.client.testing.LocalServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.client.testing.LocalServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code Humanloop.fromEnv()}: the key, the base URL and the provider keys from their usual variables. */
class FromEnvTest {

    @Test
    void theVariablesSetTheKeyTheBasePathAndTheProviderKeys() {
        try (LocalServer server = LocalServer.answering(json(200, chatAnswer("ok")))) {
            Map<String, String> env = Map.of(
                    "HUMANLOOP_API_KEY", " hl-env-key ",
                    "HUMANLOOP_BASE_URL", server.basePath(),
                    "OPENAI_API_KEY", "sk-env",
                    "AZURE_OPENAI_API_KEY", "az-env",
                    "AZURE_OPENAI_ENDPOINT", "https://env.openai.azure.com",
                    "AI21_API_KEY", "ai21-env",
                    "ANTHROPIC_API_KEY", "ant-env",
                    "COHERE_API_KEY", "co-env");
            try (Humanloop humanloop = Humanloop.builder().fromEnv(env::get).build()) {
                assertThat(humanloop.basePath()).isEqualTo(server.basePath());
                humanloop.chatDeployed(ChatDeployedParams.builder().project("p").messages(ChatMessage.user("Hi")).build());
            }

            LocalServer.Received sent = server.onlyRequest();
            assertThat(sent.headers().getFirst("X-API-KEY")).isEqualTo("hl-env-key");
            assertThat(sent.json().get("provider_api_keys")).isEqualTo(WireShapeTest.jsonOf("""
                    {"openai":"sk-env","openai_azure":"az-env","openai_azure_endpoint":"https://env.openai.azure.com",
                     "ai21":"ai21-env","anthropic":"ant-env","cohere":"co-env"}"""));
        }
    }

    @Test
    void unsetOrBlankVariablesChangeNothingAndAMissingKeyIsNamed() {
        try (Humanloop humanloop = Humanloop.builder().basePath("http://127.0.0.1:9/v4").apiKey("set-before")
                .fromEnv(Map.of("HUMANLOOP_BASE_URL", " ")::get).build()) {
            assertThat(humanloop.basePath()).isEqualTo("http://127.0.0.1:9/v4");
        }
        try (Humanloop humanloop = Humanloop.builder().fromEnv(Map.of("HUMANLOOP_API_KEY", "k")::get).build()) {
            assertThat(humanloop.basePath()).isEqualTo(Humanloop.DEFAULT_BASE_PATH);
        }
        assertThatThrownBy(() -> Humanloop.builder().fromEnv(Map.<String, String>of()::get).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HUMANLOOP_API_KEY");
    }
}
