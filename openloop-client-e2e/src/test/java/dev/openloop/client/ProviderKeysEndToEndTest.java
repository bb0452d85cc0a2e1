package dev.openloop.client;

import static dev.openloop.client.testing.LocalServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.ProviderApiKeys;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.client.testing.Clients;
import dev.openloop.client.testing.LocalServer;
import dev.openloop.testkit.OpenLoopNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The client's provider key reaches the provider a real node calls (here a local server playing
 * OpenAI), and the request's own key wins over it.
 */
class ProviderKeysEndToEndTest {
    private static final ChatRequest REQUEST = ChatRequest.builder()
            .project("keys")
            .messages(ChatMessage.user("Hi"))
            .modelConfig(ModelConfigRequest.of(ModelProvider.OPENAI, "gpt-4o"))
            .build();

    /** What OpenAI answers to a chat completion, as far as a node reads it. */
    private static final String OPENAI_COMPLETION = """
            {"id":"chatcmpl-keys","object":"chat.completion","created":1731000000,"model":"gpt-4o",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the fake"},
                         "logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}}""";

    @Test
    void theKeysReachTheProviderAndTheRequestsKeyWins() {
        try (LocalServer openai = LocalServer.answering(json(200, OPENAI_COMPLETION));
                OpenLoopNode node = OpenLoopNode.start(Map.of("OPENAI_BASE_URL", openai.origin() + "/v1"));
                Humanloop humanloop = Clients.of(node).openaiApiKey("sk-client-key-0123").build()) {
            assertThat(humanloop.chat(REQUEST).body().data().getFirst().output()).isEqualTo("Hello from the fake");
            humanloop.chat(REQUEST.toBuilder()
                    .providerApiKeys(new ProviderApiKeys("sk-request-key-4567", null, null, null, null, null, null))
                    .build());

            assertThat(openai.received()).extracting(r -> r.path()).containsOnly("/v1/chat/completions");
            assertThat(openai.received()).extracting(r -> r.headers().getFirst("Authorization"))
                    .containsExactly("Bearer sk-client-key-0123", "Bearer sk-request-key-4567");
        }
    }
}
