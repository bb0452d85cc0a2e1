package dev.openloop.server.door.v1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ToolChoice;
import dev.openloop.api.config.ToolDefinition;
import dev.openloop.api.config.Fallback;
import java.util.List;
import java.util.Map;

/**
 * A {@code POST /v1/chat/completions} body, bound and checked: every field OpenLoop honours, null
 * when the caller left it out (so that a deployed config's own value stands).
 *
 * @param model what the call addresses ({@link ModelAddress})
 * @param messages the conversation, in the core's message type
 * @param tools the functions the model may call; null when none were given
 * @param toolChoice whether and which tool the model must call
 * @param parallelToolCalls whether the model may call several tools at once
 * @param responseFormat the format the answer must take; null for text
 * @param n how many choices
 * @param seed the sampling seed
 * @param stop stop sequences
 * @param temperature sampling temperature
 * @param topP nucleus sampling
 * @param maxTokens the most tokens of each choice ({@code max_completion_tokens} or {@code max_tokens})
 * @param presencePenalty presence penalty
 * @param frequencyPenalty frequency penalty
 * @param user the end user's id
 * @param metadata what to keep with the logs
 * @param stream whether to answer with server-sent chunks
 * @param includeUsage whether a stream ends with a chunk of the usage
 * @param fallbacks OpenLoop's extension: what answers when the model's provider fails; null when not given
 */
record CompletionRequest(
        String model,
        List<ChatMessage> messages,
        List<ToolDefinition> tools,
        ToolChoice toolChoice,
        Boolean parallelToolCalls,
        Format responseFormat,
        Integer n,
        Long seed,
        List<String> stop,
        Double temperature,
        Double topP,
        Integer maxTokens,
        Double presencePenalty,
        Double frequencyPenalty,
        String user,
        Map<String, Object> metadata,
        boolean stream,
        boolean includeUsage,
        List<Fallback> fallbacks) {

    /** Whether any sampling parameter was given, which a deployed or registered config would otherwise decide. */
    boolean overridesSampling() {
        return temperature != null || topP != null || maxTokens != null || stop != null || presencePenalty != null
                || frequencyPenalty != null;
    }

    /** {@code response_format}: JSON of any shape, or JSON that fits {@code schema}. */
    sealed interface Format {
        /** {@code {"type": "json_object"}}. */
        record JsonObject() implements Format {
        }

        /** {@code {"type": "json_schema", "json_schema": {...}}}, kept as sent for the provider. */
        record JsonSchema(JsonNode responseFormat) implements Format {
        }
    }
}
