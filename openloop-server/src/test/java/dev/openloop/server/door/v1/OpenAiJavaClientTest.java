package dev.openloop.server.door.v1;

import static dev.openloop.server.testing.TestServer.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import dev.openloop.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OpenAI's official Java client ({@code com.openai:openai-java}), unmodified, against a real
 * node's {@code /v1}: what a team that already uses it gets by changing the base URL and the key.
 */
class OpenAiJavaClientTest {
    private static TestServer server;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        client = clientWithKey(TestServer.API_KEY);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static OpenAIClient clientWithKey(String key) {
        return OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + server.port() + "/v1")
                .apiKey(key)
                .maxRetries(0)
                .build();
    }

    @Test
    void aPlainAnswerIsALogThatTakesFeedback() {
        ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("mock/gpt-mock")
                .addSystemMessage("Be brief.")
                .addUserMessage("Hello there")
                .build());

        assertThat(answer.choices()).hasSize(1);
        assertThat(answer.choices().getFirst().message().content()).contains("Mock response to: Hello there");
        assertThat(answer.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(answer.model()).isEqualTo("mock/gpt-mock");
        assertThat(answer.usage()).hasValueSatisfying(usage -> assertThat(usage.completionTokens()).isPositive());
        assertThat(answer.id()).startsWith("data_");
        JsonNode log = expect(server.get("/v4/logs/" + answer.id()), 200);
        assertThat(log.get("output").asText()).isEqualTo("Mock response to: Hello there");
        expect(server.post("/v4/feedback", "{\"type\":\"rating\",\"value\":\"good\",\"data_id\":\"" + answer.id() + "\"}"), 200);
    }

    @Test
    void aStreamEndsWithTheUsageWhenAskedFor() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder()
                        .model("mock/gpt-mock")
                        .addUserMessage("Stream this please")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                        .build())) {
            stream.stream().forEach(chunks::add);
        }

        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
        assertThat(text.toString()).isEqualTo("Mock response to: Stream this please");
        assertThat(chunks).extracting(ChatCompletionChunk::id).containsOnly(chunks.getFirst().id());
        assertThat(chunks.stream().flatMap(chunk -> chunk.choices().stream())
                .filter(choice -> choice.finishReason().isPresent()).toList()).hasSize(1);
        ChatCompletionChunk last = chunks.getLast();
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage()).hasValueSatisfying(usage -> assertThat(usage.totalTokens()).isPositive());
        assertThat(expect(server.get("/v4/logs/" + last.id()), 200).get("output").asText())
                .isEqualTo("Mock response to: Stream this please");
    }

    @Test
    void toolCallsComeBackAndTheirAnswersGoIn() {
        FunctionDefinition weather = FunctionDefinition.builder()
                .name("get_weather")
                .description("The weather in a city")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                        .build())
                .build();
        ChatCompletionCreateParams ask = ChatCompletionCreateParams.builder()
                .model("mock/gpt-mock")
                .addUserMessage("What is the weather in Paris?")
                .addFunctionTool(weather)
                .toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED)
                .build();

        ChatCompletion answer = client.chat().completions().create(ask);

        ChatCompletion.Choice choice = answer.choices().getFirst();
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().getFirst().asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(call.function().arguments()).contains("\"city\"");

        ChatCompletion followUp = client.chat().completions().create(ask.toBuilder()
                .toolChoice(ChatCompletionToolChoiceOption.Auto.AUTO)
                .addMessage(choice.message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("Sunny, 21 °C").build())
                .build());
        assertThat(followUp.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    }

    @Test
    void severalChoicesAreSeveralLogs() {
        ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("mock/gpt-mock")
                .addUserMessage("Three ways")
                .n(3)
                .build());

        assertThat(answer.choices()).extracting(ChatCompletion.Choice::index).containsExactly(0L, 1L, 2L);
        assertThat(answer.choices()).allSatisfy(choice -> assertThat(choice.message().content()).isPresent());
        assertThat(expect(server.get("/v4/logs/" + answer.id()), 200).get("id").asText()).isEqualTo(answer.id());
    }

    @Test
    void aJsonSchemaAnswerFitsTheSchema() {
        ChatCompletion answer = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("mock/gpt-mock")
                .addUserMessage("Name a city")
                .responseFormat(ResponseFormatJsonSchema.builder()
                        .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                                .name("city")
                                .schema(ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                                        .putAdditionalProperty("type", JsonValue.from("object"))
                                        .putAdditionalProperty("properties", JsonValue.from(Map.of(
                                                "name", Map.of("type", "string"),
                                                "population", Map.of("type", "integer"))))
                                        .putAdditionalProperty("required", JsonValue.from(List.of("name", "population")))
                                        .build())
                                .build())
                        .build())
                .build());

        JsonNode content = TestServer.json(answer.choices().getFirst().message().content().orElseThrow());
        assertThat(content.get("name").isTextual()).isTrue();
        assertThat(content.get("population").isIntegralNumber()).isTrue();
    }

    @Test
    void aWrongKeyIsA401() {
        assertThatThrownBy(() -> clientWithKey("not-a-key").chat().completions().create(ChatCompletionCreateParams.builder()
                .model("mock/gpt-mock").addUserMessage("Hi").build()))
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.statusCode()).isEqualTo(401));
    }

    @Test
    void anUnknownModelIsA404ModelNotFound() {
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("no-such-project@production").addUserMessage("Hi").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.code()).contains("model_not_found");
                    assertThat(e.param()).contains("model");
                });
    }

    @Test
    void anInvalidParameterIsA400NamingIt() {
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("mock/gpt-mock").addUserMessage("Hi").n(0).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.param()).contains("n");
                    assertThat(e.type()).contains("invalid_request_error");
                });
    }
}
