package dev.openloop.server.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.ToolCall;
import dev.openloop.api.chat.Usage;
import dev.openloop.server.json.Json;
import dev.openloop.server.provider.Generation;
import dev.openloop.server.provider.ProviderErrors;
import dev.openloop.server.provider.UsageDetail;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads Anthropic's Messages answers and error bodies into v4 terms.
 *
 * <ul>
 *   <li>The output text is the answer's {@code text} blocks joined as they come, which is also
 *       what a stream of their deltas adds up to; {@code tool_use} blocks are the tool calls,
 *       their {@code input} object written as the JSON-text arguments v4 carries. Thinking blocks
 *       and the blocks of Anthropic's server tools are not output.</li>
 *   <li>Finish reasons: {@code end_turn} and {@code stop_sequence} are {@code stop};
 *       {@code max_tokens} and {@code model_context_window_exceeded} are {@code length};
 *       {@code tool_use} is {@code tool_call}; any other ({@code refusal}, {@code pause_turn})
 *       passes as Anthropic's word.</li>
 *   <li>Usage: {@code prompt_tokens} counts the whole prompt, that is Anthropic's
 *       {@code input_tokens} plus the prompt tokens it wrote to or read from its cache (which
 *       {@code input_tokens} leaves out); {@code generation_tokens} is {@code output_tokens}.</li>
 * </ul>
 */
final class AnthropicResponses {
    /** The top-level fields of a whole answer that {@link #generations}, {@link #usage} and {@link #usageDetail} read. */
    static final Set<String> ANSWER_FIELDS_READ = Set.of("content", "stop_reason", "usage");

    private AnthropicResponses() {
    }

    /** The one generation of a {@code message} answer. */
    static List<Generation> generations(JsonNode answer) {
        JsonNode content = answer.path("content");
        if (!content.isArray()) {
            throw ProviderErrors.malformed(AnthropicProvider.ORIGIN, "the answer has no content");
        }
        StringBuilder text = new StringBuilder();
        List<ToolCall> toolCalls = new ArrayList<>();
        for (JsonNode block : content) {
            switch (block.path("type").asText("")) {
                case "text" -> text.append(block.path("text").asText(""));
                case "tool_use" -> toolCalls.add(ToolCall.function(block.path("id").asText(), block.path("name").asText(),
                        arguments(block.path("input"))));
                default -> {
                    // thinking, redacted_thinking, server tool blocks: nothing v4 carries.
                }
            }
        }
        return List.of(new Generation(0, text.toString(), List.copyOf(toolCalls),
                finishReason(answer.path("stop_reason").asText(null))));
    }

    /** A tool call's {@code input} as JSON text; no input is the empty object. */
    static String arguments(JsonNode input) {
        return input.isMissingNode() || input.isNull() ? "{}" : Json.text(input);
    }

    /** v4's name for an Anthropic stop reason; one v4 has no word for passes as Anthropic's. */
    static String finishReason(String stopReason) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "end_turn", "stop_sequence" -> "stop";
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_call";
            default -> stopReason;
        };
    }

    /** The usage in {@code usage}, see the class comment; {@code null} when there is none. */
    static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject() || (!usage.has("input_tokens") && !usage.has("output_tokens"))) {
            return null;
        }
        int prompt = usage.path("input_tokens").asInt(0) + usage.path("cache_creation_input_tokens").asInt(0)
                + usage.path("cache_read_input_tokens").asInt(0);
        return Usage.of(prompt, usage.path("output_tokens").asInt(0));
    }

    /**
     * The parts of {@code usage} Anthropic breaks out: {@code cache_read_input_tokens} and
     * {@code cache_creation_input_tokens}, both part of v4's {@code prompt_tokens} (see the class
     * comment). Anthropic counts thinking within {@code output_tokens} without a figure of its own.
     */
    static UsageDetail usageDetail(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return UsageDetail.NONE;
        }
        return new UsageDetail(UsageDetail.count(usage.get("cache_read_input_tokens")),
                UsageDetail.count(usage.get("cache_creation_input_tokens")), null);
    }

    /** The message of an Anthropic error body: {@code {"type":"error","error":{"type":...,"message":...}}}. */
    static String errorMessage(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            JsonNode error = Json.MAPPER.readTree(text).path("error");
            if (error.path("message").isTextual()) {
                return error.get("message").asText();
            }
        } catch (Exception notJson) {
            // fall through to the raw text
        }
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
