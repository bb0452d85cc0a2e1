package dev.openloop.server.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.ToolCall;
import dev.openloop.api.chat.Usage;
import dev.openloop.server.provider.ProviderFailure;
import dev.openloop.server.json.Json;
import dev.openloop.server.provider.Generation;
import dev.openloop.server.provider.ProviderErrors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads Cohere's v2 Chat answers and error bodies into v4 terms.
 *
 * <ul>
 *   <li>The output text is the message's {@code tool_plan} followed by its text content blocks.
 *       Cohere's models write the text that precedes tool calls into {@code tool_plan} instead of
 *       {@code content}; v4, like OpenAI, has one text for both. Thinking blocks are not output.</li>
 *   <li>Usage is read from {@code billed_units}: the caller's own input and output tokens, the ones
 *       Cohere charges for, without the tokens of the prompt template Cohere wraps around the
 *       messages (which {@code tokens} counts). When {@code billed_units} is absent, as on some
 *       private deployments, {@code tokens} is used.</li>
 * </ul>
 */
final class CohereResponses {
    private CohereResponses() {
    }

    /** The one generation of a chat answer. */
    static List<Generation> generations(JsonNode answer) {
        JsonNode message = answer.path("message");
        if (!message.isObject()) {
            throw ProviderErrors.malformed(CohereProvider.ORIGIN, "the answer has no message");
        }
        StringBuilder text = new StringBuilder(message.path("tool_plan").asText(""));
        for (JsonNode block : message.path("content")) {
            if (block.path("type").asText("").equals("text")) {
                text.append(block.path("text").asText(""));
            }
        }
        List<ToolCall> toolCalls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            toolCalls.add(ToolCall.function(call.path("id").asText(), function.path("name").asText(),
                    function.path("arguments").asText("")));
        }
        String finishReason = answer.path("finish_reason").asText(null);
        ProviderFailure failure = failure(finishReason, null);
        if (failure != null) {
            throw failure;
        }
        return List.of(new Generation(0, text.toString(), List.copyOf(toolCalls), finishReason(finishReason)));
    }

    /**
     * The failure a finish reason reports, or {@code null} for an answer. {@code ERROR} is
     * Cohere's failure (502); {@code TIMEOUT}, a generation Cohere stopped at its time limit, is
     * a timeout (504), not an answer: what came before it is cut off at no point the caller chose.
     *
     * @param error the error message Cohere sent with it, if any
     */
    static ProviderFailure failure(String finishReason, String error) {
        boolean hasError = error != null && !error.isEmpty();
        if ("TIMEOUT".equals(finishReason)) {
            return ProviderErrors.timeout(CohereProvider.ORIGIN, "stopped the generation at its time limit (finish_reason TIMEOUT)"
                    + (hasError ? ": " + error : ""));
        }
        if (hasError || "ERROR".equals(finishReason)) {
            return ProviderErrors.fromUpstream(CohereProvider.ORIGIN, 502,
                    hasError ? error : "Cohere ended the generation with an error", null);
        }
        return null;
    }

    /** v4's name for a Cohere finish reason; one v4 has no word for passes as Cohere's, in lower case. */
    static String finishReason(String cohere) {
        if (cohere == null) {
            return null;
        }
        return switch (cohere) {
            case "COMPLETE", "STOP_SEQUENCE" -> "stop";
            case "MAX_TOKENS" -> "length";
            case "TOOL_CALL" -> "tool_call";
            default -> cohere.toLowerCase(Locale.ROOT);
        };
    }

    /** The usage in {@code usage}, see the class comment; {@code null} when there is none. */
    static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        JsonNode counts = usage.path("billed_units");
        if (!counts.has("input_tokens") && !counts.has("output_tokens")) {
            counts = usage.path("tokens");
        }
        if (!counts.has("input_tokens") && !counts.has("output_tokens")) {
            return null;
        }
        return Usage.of(counts.path("input_tokens").asInt(0), counts.path("output_tokens").asInt(0));
    }

    /** The message of a Cohere error body: {@code {"id": ..., "message": ...}}. */
    static String errorMessage(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node.path("message").isTextual()) {
                return node.get("message").asText();
            }
        } catch (Exception notJson) {
            // fall through to the raw text
        }
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
