package dev.openloop.client;

import static dev.openloop.client.testing.LocalServer.chatAnswer;
import static dev.openloop.client.testing.LocalServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.ProviderApiKeys;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.client.testing.LocalServer;
import org.junit.jupiter.api.Test;

/**
 * The client's provider keys travel in the body's {@code provider_api_keys}, under the request's
 * own, as the wire carries them. (That a real node passes them on to the provider is
 * {@code ProviderKeysEndToEndTest} in openloop-client-e2e.)
 */
class ProviderKeysTest {
    private static final ChatRequest REQUEST = ChatRequest.builder()
            .project("keys")
            .messages(ChatMessage.user("Hi"))
            .modelConfig(ModelConfigRequest.of(ModelProvider.OPENAI, "gpt-4o"))
            .build();

    private static Humanloop.Builder withAllSevenKeys(String basePath) {
        return Humanloop.builder()
                .apiKey("hl-key")
                .basePath(basePath)
                .openaiApiKey("client-openai")
                .openaiAzureApiKey("client-azure")
                .openaiAzureEndpointApiKey("https://client.openai.azure.com")
                .ai21ApiKey("client-ai21")
                .mockApiKey("client-mock")
                .anthropicApiKey("client-anthropic")
                .cohereApiKey("client-cohere");
    }

    @Test
    void theClientsKeysAreMergedUnderTheRequestsOwn() {
        try (LocalServer server = LocalServer.answering(json(200, chatAnswer("ok")));
                Humanloop humanloop = withAllSevenKeys(server.basePath()).build()) {
            humanloop.chat(REQUEST.toBuilder()
                    .providerApiKeys(new ProviderApiKeys("request-openai", null, null, null, null, "request-anthropic", null))
                    .build());

            JsonNode keys = server.onlyRequest().json().get("provider_api_keys");
            assertThat(keys).isEqualTo(WireShapeTest.jsonOf("""
                    {"openai":"request-openai","openai_azure":"client-azure",
                     "openai_azure_endpoint":"https://client.openai.azure.com","ai21":"client-ai21",
                     "mock":"client-mock","anthropic":"request-anthropic","cohere":"client-cohere"}"""));
        }
    }

    @Test
    void aRequestWithoutKeysGetsTheClients() {
        try (LocalServer server = LocalServer.answering(json(200, chatAnswer("ok")));
                Humanloop humanloop = Humanloop.builder().apiKey("hl-key").basePath(server.basePath())
                        .providerApiKeys(new ProviderApiKeys(null, null, null, null, null, null, "client-cohere"))
                        .build()) {
            humanloop.chat(REQUEST);

            assertThat(server.onlyRequest().json().get("provider_api_keys"))
                    .isEqualTo(WireShapeTest.jsonOf("{\"cohere\":\"client-cohere\"}"));
        }
    }

    @Test
    void theGoogleKeyIsKeptWhenAllKeysAreGivenAtOnceAndSentAsGoogle() {
        try (LocalServer server = LocalServer.answering(json(200, chatAnswer("ok")), json(200, chatAnswer("ok")));
                Humanloop allAtOnce = Humanloop.builder().apiKey("hl-key").basePath(server.basePath())
                        .providerApiKeys(ProviderApiKeys.builder().google("client-google").build()).build();
                Humanloop oneByOne = Humanloop.builder().apiKey("hl-key").basePath(server.basePath())
                        .googleApiKey("client-google").build()) {
            allAtOnce.chat(REQUEST);
            oneByOne.chat(REQUEST);

            assertThat(server.received()).extracting(request -> request.json().get("provider_api_keys"))
                    .containsExactly(WireShapeTest.jsonOf("{\"google\":\"client-google\"}"),
                            WireShapeTest.jsonOf("{\"google\":\"client-google\"}"));
        }
    }

    @Test
    void theKeysAreNeverShownByTheClient() {
        try (Humanloop humanloop = withAllSevenKeys("http://127.0.0.1:9/v4").build()) {
            assertThat(humanloop.toString()).doesNotContain("client-").doesNotContain("hl-key");
        }
    }
}
