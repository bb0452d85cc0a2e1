package dev.openloop.server.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.ToolCall;
import dev.openloop.api.chat.Usage;
import dev.openloop.server.json.Json;
import dev.openloop.server.provider.Generation;
import dev.openloop.server.provider.ProviderErrors;
import dev.openloop.server.provider.ProviderFailure;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Reads Gemini's {@code GenerateContentResponse} into v4 terms; a stream's chunks have the same
 * shape ({@link GoogleStreamEvents}).
 *
 * <ul>
 *   <li>Each candidate is a sample, by its {@code index} (which Gemini leaves out when it is 0).
 *       Its text is its {@code text} parts joined as they come; parts marked {@code thought}
 *       (a thinking model's summary of its thoughts) are not output.</li>
 *   <li>{@code functionCall} parts are the tool calls, their {@code args} object written as the
 *       JSON-text arguments v4 carries. Their id is Gemini's when it gives one; it mostly does
 *       not, and v4 needs one to pair the tool's result with the call, so OpenLoop makes one:
 *       {@code call_} and 24 random hex digits, unique within any conversation.</li>
 *   <li>Finish reasons: {@code STOP} is {@code stop}, or {@code tool_call} when the candidate
 *       called functions (Gemini says {@code STOP} for both); {@code MAX_TOKENS} is
 *       {@code length}; the safety and content filters ({@link #FILTERED}) are
 *       {@code content_filter}; {@code MALFORMED_FUNCTION_CALL} fails the call (a 502, Google's
 *       fault: what came is no answer); any other passes as Gemini's word in lower case.</li>
 *   <li>A prompt Gemini blocked ({@code promptFeedback.blockReason}, no candidates) fails the
 *       call as a refused request (422), the way other providers' content filters answer a
 *       prompt: there is no answer to give, and retrying the same prompt would be blocked again.</li>
 *   <li>Usage: {@code prompt_tokens} is {@code promptTokenCount} (cached tokens included) plus
 *       {@code toolUsePromptTokenCount}; {@code generation_tokens} is
 *       {@code candidatesTokenCount} plus {@code thoughtsTokenCount}, the output Google bills.
 *       The raw {@code usageMetadata} stays in the provider response the log keeps.</li>
 * </ul>
 */
final class GoogleResponses {
    /** The finish reasons of Gemini's safety and content filters, all {@code content_filter} in v4. */
    static final Set<String> FILTERED = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII",
            "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION");

    private GoogleResponses() {
    }

    /** The generations of a whole answer, by index. */
    static List<Generation> generations(JsonNode answer) {
        JsonNode candidates = answer.path("candidates");
        if (candidates.isEmpty()) {
            ProviderFailure blocked = blocked(answer);
            throw blocked != null ? blocked : ProviderErrors.malformed(GoogleProvider.ORIGIN, "the answer has no candidates");
        }
        List<Generation> generations = new ArrayList<>();
        for (int position = 0; position < candidates.size(); position++) {
            JsonNode candidate = candidates.get(position);
            StringBuilder text = new StringBuilder();
            List<ToolCall> toolCalls = new ArrayList<>();
            for (JsonNode part : candidate.path("content").path("parts")) {
                if (part.has("functionCall")) {
                    toolCalls.add(toolCall(part.get("functionCall")));
                } else if (part.path("text").isTextual() && !part.path("thought").asBoolean(false)) {
                    text.append(part.get("text").asText());
                }
            }
            String finishReason = candidate.path("finishReason").asText(null);
            ProviderFailure failure = failure(finishReason, candidate);
            if (failure != null) {
                throw failure;
            }
            generations.add(new Generation(index(candidate, position), text.toString(), List.copyOf(toolCalls),
                    finishReason(finishReason, !toolCalls.isEmpty())));
        }
        generations.sort(Comparator.comparingInt(Generation::index));
        return generations;
    }

    /** The candidate's {@code index}, else its position (Gemini leaves an index of 0 out). */
    static int index(JsonNode candidate, int position) {
        return candidate.has("index") ? candidate.get("index").asInt(position) : position;
    }

    /** A {@code functionCall} part as a v4 tool call; see the class comment for its id. */
    static ToolCall toolCall(JsonNode functionCall) {
        String id = functionCall.path("id").asText("");
        JsonNode args = functionCall.path("args");
        return ToolCall.function(id.isEmpty() ? newCallId() : id, functionCall.path("name").asText(),
                args.isObject() ? Json.text(args) : "{}");
    }

    private static String newCallId() {
        return "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    /**
     * The failure a candidate's finish reason reports, or {@code null} for an answer: a
     * malformed function call is Google's failure (502), with its {@code finishMessage} if any.
     */
    static ProviderFailure failure(String finishReason, JsonNode candidate) {
        if (!"MALFORMED_FUNCTION_CALL".equals(finishReason)) {
            return null;
        }
        String detail = candidate.path("finishMessage").asText("");
        return ProviderErrors.fromUpstream(GoogleProvider.ORIGIN, 502, "Google's model wrote a malformed function call"
                + " (finishReason MALFORMED_FUNCTION_CALL)" + (detail.isEmpty() ? "" : ": " + detail), null);
    }

    /** The failure of a prompt Gemini blocked, or {@code null} when {@code answer} says of none. */
    static ProviderFailure blocked(JsonNode answer) {
        JsonNode feedback = answer.path("promptFeedback");
        String reason = feedback.path("blockReason").asText("");
        if (reason.isEmpty()) {
            return null;
        }
        String detail = feedback.path("blockReasonMessage").asText("");
        return new ProviderFailure(GoogleProvider.ORIGIN, ProviderFailure.Kind.INVALID_REQUEST, ProviderErrors.sanitize(
                "Google blocked the prompt (blockReason " + reason + ")" + (detail.isEmpty() ? "" : ": " + detail)));
    }

    /** v4's name for a Gemini finish reason, see the class comment. */
    static String finishReason(String gemini, boolean calledFunctions) {
        if (gemini == null) {
            return null;
        }
        if (FILTERED.contains(gemini)) {
            return "content_filter";
        }
        return switch (gemini) {
            case "STOP" -> calledFunctions ? "tool_call" : "stop";
            case "MAX_TOKENS" -> "length";
            default -> gemini.toLowerCase(Locale.ROOT);
        };
    }

    /** The usage in {@code usageMetadata}, see the class comment; {@code null} when there is none. */
    static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject() || (!usage.has("promptTokenCount") && !usage.has("candidatesTokenCount"))) {
            return null;
        }
        int prompt = usage.path("promptTokenCount").asInt(0) + usage.path("toolUsePromptTokenCount").asInt(0);
        int generated = usage.path("candidatesTokenCount").asInt(0) + usage.path("thoughtsTokenCount").asInt(0);
        return Usage.of(prompt, generated);
    }
}
