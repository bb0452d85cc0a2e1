package dev.openloop.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openloop.api.chat.ChatDataResponse;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.ChatResponse;
import dev.openloop.api.chat.ToolChoice;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.api.config.ToolDefinition;
import dev.openloop.client.testing.NodeWithClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code humanloop.chatStream(...)} against a real OpenLoop node with the mock provider. */
class ChatStreamTest {
    @RegisterExtension
    static final NodeWithClient openloop = new NodeWithClient();

    private static ChatRequest.Builder mockChat(String text, Map<String, Object> other) {
        return ChatRequest.builder()
                .project("sdk-stream")
                .messages(ChatMessage.user(text))
                .modelConfig(ModelConfigRequest.builder().provider(ModelProvider.MOCK).model("mock-1").other(other).build());
    }

    @Test
    void chunksAreDeltasAndTheResultIsTheAnswerWithoutStreaming() {
        ChatRequest request = mockChat("Stream this answer please", Map.of()).build();
        ChatResponse whole = openloop.humanloop().chat(request).body();

        List<ChatChunk> chunks = new ArrayList<>();
        ChatResponse assembled;
        try (ChatStream stream = openloop.humanloop().chatStream(request)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            for (ChatChunk chunk : stream) {
                chunks.add(chunk);
            }
            assembled = stream.result();
        }

        assertThat(chunks).hasSizeGreaterThan(3);
        assertThat(chunks).extracting(ChatChunk::logId).containsOnly(chunks.getFirst().logId());
        assertThat(chunks.getFirst().logId()).startsWith("data_");
        assertThat(chunks.subList(0, chunks.size() - 1)).noneMatch(ChatChunk::isLast);
        assertThat(chunks.getLast().isLast()).isTrue();
        assertThat(chunks.getLast().finishReason()).isEqualTo("stop");
        assertThat(chunks.getFirst().raw().get("data").get(0).get("output").asText()).isEqualTo(chunks.getFirst().output());
        assertThat(String.join("", chunks.stream().map(ChatChunk::output).toList()))
                .isEqualTo("Mock response to: Stream this answer please");

        assertSameAnswer(assembled, whole);
        assertThat(assembled.data().getFirst().id()).isEqualTo(chunks.getFirst().logId());
    }

    @Test
    void severalSamplesInterleaveAndEachIsAssembled() {
        ChatRequest request = mockChat("one two three", Map.of()).numSamples(3).build();
        ChatResponse whole = openloop.humanloop().chat(request).body();

        List<Integer> order = new ArrayList<>();
        Map<Integer, StringBuilder> texts = new HashMap<>();
        ChatResponse assembled;
        try (ChatStream stream = openloop.humanloop().chatStream(request)) {
            for (ChatChunk chunk : stream) {
                order.add(chunk.index());
                texts.computeIfAbsent(chunk.index(), i -> new StringBuilder()).append(chunk.output());
            }
            assembled = stream.result();
        }

        assertThat(order.subList(0, 3)).containsExactly(0, 1, 2);
        assertThat(texts).containsOnlyKeys(0, 1, 2);
        assertThat(assembled.data()).extracting(ChatDataResponse::index).containsExactly(0, 1, 2);
        assertThat(assembled.data()).extracting(ChatDataResponse::id).doesNotHaveDuplicates();
        for (ChatDataResponse sample : assembled.data()) {
            assertThat(sample.output()).isEqualTo(texts.get(sample.index()).toString().strip());
        }
        assertSameAnswer(assembled, whole);
    }

    @Test
    void toolCallsAreAssembled() {
        ToolDefinition weather = ToolDefinition.function("get_weather", "The weather in a city", Map.of(
                "type", "object",
                "properties", Map.of("city", Map.of("type", "string")),
                "required", List.of("city")));
        ChatRequest request = ChatRequest.builder()
                .project("sdk-stream")
                .messages(ChatMessage.user("Weather in Paris?"))
                .modelConfig(ModelConfigRequest.builder().provider(ModelProvider.MOCK).model("m").tools(List.of(weather)).build())
                .toolChoice(ToolChoice.function("get_weather"))
                .build();
        ChatResponse whole = openloop.humanloop().chat(request).body();

        ChatResponse assembled;
        try (ChatStream stream = openloop.humanloop().chatStream(request)) {
            assembled = stream.result();
        }

        ChatDataResponse sample = assembled.data().getFirst();
        assertThat(sample.finishReason()).isEqualTo("tool_call");
        assertThat(sample.toolCalls()).hasSize(1);
        assertThat(sample.toolCalls().getFirst().function().name()).isEqualTo("get_weather");
        assertThat(sample.outputMessage().toolCalls()).isEqualTo(sample.toolCalls());
        assertThat(sample.outputMessage().content()).isNull();
        assertThat(sample.toolCall()).isEqualTo(sample.toolCalls().getFirst().function());
        assertThat(assembled.toolChoice()).isEqualTo(ToolChoice.function("get_weather"));
        assertSameAnswer(assembled, whole);
    }

    @Test
    void theResultAloneReadsTheWholeStream() {
        try (ChatStream stream = openloop.humanloop().chatStream(mockChat("just the end", Map.of()).build())) {
            ChatResponse assembled = stream.result();
            assertThat(assembled.data().getFirst().output()).isEqualTo("Mock response to: just the end");
            assertThat(stream.result()).isEqualTo(assembled);
        }
    }

    @Test
    void theChunksCanBeReadAsAJavaStream() {
        ChatStream chatStream = openloop.humanloop().chatStream(mockChat("as a stream", Map.of()).build());
        String text;
        try (var chunks = chatStream.stream()) {
            text = String.join("", chunks.map(ChatChunk::output).toList());
        }
        assertThat(text).isEqualTo("Mock response to: as a stream");
        assertThat(chatStream.result().data().getFirst().finishReason()).isEqualTo("stop");
        assertThatThrownBy(chatStream::iterator).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aProviderFailingMidStreamIsAnExceptionFromTheStreamAfterTheDeltasSoFar() {
        List<String> outputs = new ArrayList<>();
        ServerException e;
        try (ChatStream stream = openloop.humanloop().chatStream(mockChat("break after two words please",
                Map.of("mock_fail_after_deltas", 2)).build())) {
            e = catchThrowableOfType(ServerException.class, () -> {
                for (ChatChunk chunk : stream) {
                    outputs.add(chunk.output());
                }
            });
            // The failure stays: reading on, or asking for the result, throws it again.
            assertThatThrownBy(stream::result).isSameAs(e);
        }

        assertThat(outputs).containsExactly("Mock", " response");
        assertThat(e.duringStream()).isTrue();
        assertThat(e.status()).isEqualTo(502);
        assertThat(e.providerError()).hasValueSatisfying(detail -> {
            assertThat(detail.origin()).isEqualTo("Mock");
            assertThat(detail.type()).isEqualTo("bad_gateway_error");
        });
        assertThat(e.getMessage()).startsWith("The stream failed: 502 Bad Gateway: Mock bad_gateway_error:");
    }

    @Test
    void aFailureBeforeTheStreamStartsIsThrownByTheCall() {
        RateLimitException e = catchThrowableOfType(RateLimitException.class, () -> openloop.humanloop().chatStream(
                mockChat("no stream", Map.of("mock_error_status", 429, "mock_error_retry_after", "0")).build()));

        assertThat(e.duringStream()).isFalse();
        assertThat(e.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
    }

    @Test
    void aStreamThatGoesSilentPastTheTimeoutIsATimeout() {
        try (Humanloop impatient = openloop.client().timeout(Duration.ofSeconds(1)).build();
                ChatStream stream = impatient.chatStream(mockChat("slow words come here", Map.of("mock_delta_delay_ms", 3_000))
                        .build())) {
            var chunks = stream.iterator();
            assertThat(chunks.next().output()).isEqualTo("Mock");
            assertThatThrownBy(chunks::hasNext)
                    .isInstanceOf(ApiTimeoutException.class)
                    .hasMessageContaining("sent nothing for PT1S");
        }
    }

    /** The assembled answer has what the answer without streaming has, but for its own log ids. */
    static void assertSameAnswer(ChatResponse assembled, ChatResponse whole) {
        assertThat(assembled.projectId()).isEqualTo(whole.projectId());
        assertThat(assembled.numSamples()).isEqualTo(whole.numSamples());
        assertThat(assembled.usage()).isEqualTo(whole.usage());
        assertThat(assembled.user()).isEqualTo(whole.user());
        assertThat(assembled.metadata()).isEqualTo(whole.metadata());
        assertThat(assembled.sessionId()).isEqualTo(whole.sessionId());
        assertThat(assembled.toolChoice()).isEqualTo(whole.toolChoice());
        assertThat(assembled.data()).hasSameSizeAs(whole.data());
        for (int i = 0; i < whole.data().size(); i++) {
            ChatDataResponse a = assembled.data().get(i);
            ChatDataResponse w = whole.data().get(i);
            assertThat(a.id()).startsWith("data_").isNotEqualTo(w.id());
            assertThat(a.index()).isEqualTo(w.index());
            assertThat(a.output()).isEqualTo(w.output());
            assertThat(a.rawOutput()).isEqualTo(w.rawOutput());
            assertThat(a.finishReason()).isEqualTo(w.finishReason());
            assertThat(a.modelConfigId()).isEqualTo(w.modelConfigId());
            assertThat(a.outputMessage()).isEqualTo(w.outputMessage());
            assertThat(a.inputs()).isEqualTo(w.inputs());
            assertThat(a.toolCalls()).isEqualTo(w.toolCalls());
            assertThat(a.toolCall()).isEqualTo(w.toolCall());
        }
    }
}
