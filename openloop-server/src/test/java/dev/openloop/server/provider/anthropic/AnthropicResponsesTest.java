package dev.openloop.server.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.Usage;
import dev.openloop.server.provider.UsageDetail;
import dev.openloop.server.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Anthropic's answers read into v4 terms, on the reader alone (the wire end to end: {@link AnthropicChatTest}).
 *
 * <p>Equivalent mutant: an error text cut when longer than 500 characters, or at 500 already, is
 * the same text (a text of 500 cut to its first 500).
 */
class AnthropicResponsesTest {
    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void thePromptIsTheInputWithWhatWasWrittenToAndReadFromTheCache() {
        assertThat(AnthropicResponses.usage(json("""
                {"input_tokens":21,"cache_creation_input_tokens":2048,"cache_read_input_tokens":300,"output_tokens":9}""")))
                .isEqualTo(Usage.of(2369, 9));
        assertThat(AnthropicResponses.usage(json("{\"output_tokens\":4}"))).isEqualTo(Usage.of(0, 4));
        assertThat(AnthropicResponses.usage(json("{\"input_tokens\":4}"))).isEqualTo(Usage.of(4, 0));
    }

    @Test
    void theCacheReadsAndWritesAreBrokenOutAsPartsOfThePrompt() {
        assertThat(AnthropicResponses.usageDetail(json("""
                {"input_tokens":50,"cache_creation_input_tokens":1000,"cache_read_input_tokens":2000,"output_tokens":7}""")))
                .isEqualTo(new UsageDetail(2000, 1000, null));
        assertThat(AnthropicResponses.usageDetail(json("{\"input_tokens\":5,\"output_tokens\":7}")))
                .isEqualTo(UsageDetail.NONE);
        assertThat(AnthropicResponses.usageDetail(json("{\"cache_read_input_tokens\":-3}"))).isEqualTo(UsageDetail.NONE);
        assertThat(AnthropicResponses.usageDetail(null)).isEqualTo(UsageDetail.NONE);
        assertThat(AnthropicResponses.usageDetail(json("[]"))).isEqualTo(UsageDetail.NONE);
    }

    @Test
    void noCountsIsNoUsage() {
        assertThat(AnthropicResponses.usage(null)).isNull();
        assertThat(AnthropicResponses.usage(json("[]"))).isNull();
        assertThat(AnthropicResponses.usage(json("{\"service_tier\":\"standard\"}"))).isNull();
    }

    @Test
    void stopReasonsBecomeV4FinishReasons() {
        assertThat(AnthropicResponses.finishReason(null)).isNull();
        assertThat(AnthropicResponses.finishReason("end_turn")).isEqualTo("stop");
        assertThat(AnthropicResponses.finishReason("stop_sequence")).isEqualTo("stop");
        assertThat(AnthropicResponses.finishReason("max_tokens")).isEqualTo("length");
        assertThat(AnthropicResponses.finishReason("model_context_window_exceeded")).isEqualTo("length");
        assertThat(AnthropicResponses.finishReason("tool_use")).isEqualTo("tool_call");
        assertThat(AnthropicResponses.finishReason("refusal")).isEqualTo("refusal");
    }

    @Test
    void textBlocksAreTheOutputAndToolUseBlocksTheToolCalls() {
        var generation = AnthropicResponses.generations(json("""
                {"content":[{"type":"thinking","thinking":"hm"},{"type":"text","text":"A"},
                  {"type":"tool_use","id":"toolu_1","name":"lookup","input":{"q":1}},{"type":"text","text":"B"},
                  {"type":"tool_use","id":"toolu_2","name":"now"}],"stop_reason":"tool_use"}""")).getFirst();
        assertThat(generation.text()).isEqualTo("AB");
        assertThat(generation.finishReason()).isEqualTo("tool_call");
        assertThat(generation.toolCalls()).hasSize(2);
        assertThat(generation.toolCalls().get(0).function().arguments()).isEqualTo("{\"q\":1}");
        assertThat(generation.toolCalls().get(1).function().arguments()).isEqualTo("{}");
        assertThat(AnthropicResponses.arguments(json("null"))).isEqualTo("{}");
    }

    @Test
    void anErrorBodySaysItsMessageOrItsFirstCharacters() {
        assertThat(AnthropicResponses.errorMessage(bytes("{\"type\":\"error\",\"error\":{\"type\":\"x\",\"message\":\"Overloaded\"}}")))
                .isEqualTo("Overloaded");
        assertThat(AnthropicResponses.errorMessage(bytes("upstream down"))).isEqualTo("upstream down");
        assertThat(AnthropicResponses.errorMessage(bytes("x".repeat(600)))).isEqualTo("x".repeat(500));
        assertThat(AnthropicResponses.errorMessage(bytes("x".repeat(500)))).isEqualTo("x".repeat(500));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
