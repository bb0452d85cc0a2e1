package dev.openloop.server.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.Golden;
import dev.openloop.server.testing.ProviderFake;
import dev.openloop.server.testing.ProviderFake.Answer;
import dev.openloop.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How a v4 completion reaches Azure OpenAI (a local fake): a deployment named after an instruct
 * model gets the prompt at its {@code /completions}, any other deployment one user message at its
 * {@code /chat/completions}; neither body names a model, since the URL names the deployment.
 */
class AzureCompletionTest {
    private static final String KEY = "azure-env-key-0123456789";
    private static ProviderFake azure;
    private static TestServer server;

    @BeforeAll
    static void start() {
        azure = ProviderFake.start();
        server = TestServer.start(Map.of("AZURE_OPENAI_ENDPOINT", azure.baseUrl(), "AZURE_OPENAI_API_KEY", KEY));
    }

    @AfterAll
    static void stop() {
        server.close();
        azure.close();
    }

    private static JsonNode complete(String deployment) {
        HttpResponse<String> response = server.post("/v4/completion", """
                {"inputs":{"city":"Paris"},"model_config":{"provider":"openai_azure","model":"%s","max_tokens":20,
                 "prompt_template":"{{city}} is in"}}""".formatted(deployment));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestServer.json(response.body());
    }

    @Test
    void anInstructDeploymentGetsThePromptAtItsCompletionsUrl() {
        azure.enqueue(Answer.json(200, Golden.read("openai/completion.json")));
        JsonNode answer = complete("gpt-35-turbo-instruct");

        ProviderFake.Received sent = azure.last();
        assertThat(sent.path()).isEqualTo("/openai/deployments/gpt-35-turbo-instruct/completions?api-version=2024-10-21");
        assertThat(sent.header("api-key")).isEqualTo(KEY);
        assertThat(TestServer.json(sent.body())).isEqualTo(TestServer.json("{\"prompt\":\"Paris is in\",\"max_tokens\":20}"));
        assertThat(answer.get("data").get(0).get("output").asText()).isEqualTo("Paris is the capital of France.");
    }

    @Test
    void anyOtherDeploymentGetsOneUserMessageAtItsChatCompletionsUrl() {
        azure.enqueue(Answer.json(200, Golden.read("azure/chat_completion.json")));
        complete("gpt4o-prod");

        ProviderFake.Received sent = azure.last();
        assertThat(sent.path()).isEqualTo("/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21");
        assertThat(TestServer.json(sent.body()).get("messages")).isEqualTo(TestServer.json(
                "[{\"role\":\"user\",\"content\":\"Paris is in\"}]"));
        assertThat(TestServer.json(sent.body()).has("model")).isFalse();
    }
}
