package dev.openloop.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.ChatDataResponse;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.ChatResponse;
import dev.openloop.api.chat.ChatRole;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.client.testing.NodeWithClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code humanloop.chat(...)} against a real OpenLoop node with the mock provider. */
class ChatTest {
    @RegisterExtension
    static final NodeWithClient openloop = new NodeWithClient();

    static ChatRequest.Builder mockChat(String text) {
        return ChatRequest.builder()
                .project("sdk-chat")
                .messages(ChatMessage.user(text))
                .modelConfig(ModelConfigRequest.of(ModelProvider.MOCK, "mock-1"));
    }

    @Test
    void chatAnswersWithATypedBodyAndEverythingElseTheServerSent() {
        ApiResponse<ChatResponse> response = openloop.humanloop().chat(mockChat("Hello there").user("user-42")
                .metadata(Map.of("ticket", 7)).build());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.roundTripTime()).isPositive();

        ChatResponse body = response.body();
        assertThat(body.projectId()).startsWith("pr_");
        assertThat(body.numSamples()).isEqualTo(1);
        assertThat(body.user()).isEqualTo("user-42");
        assertThat(body.metadata()).containsEntry("ticket", 7);
        assertThat(body.usage().promptTokens()).isEqualTo(2);
        assertThat(body.usage().generationTokens()).isEqualTo(5);
        assertThat(body.providerResponses()).hasSize(1);
        ChatDataResponse sample = body.data().getFirst();
        assertThat(sample.id()).startsWith("data_");
        assertThat(sample.index()).isZero();
        assertThat(sample.output()).isEqualTo("Mock response to: Hello there");
        assertThat(sample.rawOutput()).isEqualTo("Mock response to: Hello there");
        assertThat(sample.finishReason()).isEqualTo("stop");
        assertThat(sample.modelConfigId()).startsWith("config_");
        assertThat(sample.outputMessage().role()).isEqualTo(ChatRole.ASSISTANT);
        assertThat(sample.outputMessage().text()).isEqualTo("Mock response to: Hello there");

        // The raw JSON is the same answer, key for key.
        JsonNode raw = response.rawBody();
        assertThat(raw.get("data").get(0).get("id").asText()).isEqualTo(sample.id());
        assertThat(raw.get("project_id").asText()).isEqualTo(body.projectId());
    }

    @Test
    void everyKeyTheSeedsExamplePrintsIsInTheRawBody() {
        JsonNode raw = openloop.humanloop().chat(mockChat("keys").build()).rawBody();

        assertThat(raw.has("data")).isTrue();
        for (String key : List.of("provider_responses", "project_id", "num_samples", "logprobs", "suffix", "user",
                "usage", "metadata", "tool_call")) {
            assertThat(raw.has(key)).as(key).isTrue();
        }
    }

    @Test
    void severalSamplesComeBackInOrder() {
        ChatResponse body = openloop.humanloop().chat(mockChat("three please").numSamples(3).build()).body();

        assertThat(body.data()).extracting(ChatDataResponse::index).containsExactly(0, 1, 2);
        assertThat(body.data()).extracting(ChatDataResponse::output).containsOnly("Mock response to: three please");
        assertThat(body.data()).extracting(ChatDataResponse::id).doesNotHaveDuplicates();
    }

    @Test
    void theAsyncFormAnswersTheSame() {
        CompletableFuture<ApiResponse<ChatResponse>> future = openloop.humanloop().chatAsync(mockChat("async one").build());

        ApiResponse<ChatResponse> response = future.join();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().data().getFirst().output()).isEqualTo("Mock response to: async one");
    }

    @Test
    void manyAsyncCallsRunTogether() {
        List<CompletableFuture<ApiResponse<ChatResponse>>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(openloop.humanloop().chatAsync(mockChat("call " + i).build()));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        for (int i = 0; i < 20; i++) {
            assertThat(futures.get(i).join().body().data().getFirst().output()).isEqualTo("Mock response to: call " + i);
        }
    }

    @Test
    void anAsyncFailureCompletesTheFutureWithTheTypedException() {
        CompletableFuture<ApiResponse<ChatResponse>> future = openloop.humanloop().chatAsync(
                ChatRequest.builder().project("sdk-chat").modelConfig(ModelConfigRequest.of(ModelProvider.MOCK, "m")).build());

        // The exception itself, not wrapped in a CompletionException.
        assertThatThrownBy(future::join).isInstanceOf(UnprocessableEntityException.class);
    }
}
