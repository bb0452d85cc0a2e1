package dev.openloop.server.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.ChatDataResponse;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.ChatResponse;
import dev.openloop.api.chat.ChatRole;
import dev.openloop.api.chat.MessageContent;
import dev.openloop.api.chat.ToolCall;
import dev.openloop.api.chat.Usage;
import java.util.List;
import java.util.Map;

/** Builds the wire answers of the chat endpoints, for whole answers and stream events alike. */
final class ChatResponses {
    private ChatResponses() {
    }

    /** The assistant message of a generation, ready to append to a conversation. */
    static ChatMessage outputMessage(String text, List<ToolCall> toolCalls) {
        boolean onlyTools = text.isEmpty() && !toolCalls.isEmpty();
        return new ChatMessage(ChatRole.ASSISTANT, onlyTools ? null : new MessageContent.Text(text), null, null,
                toolCalls.isEmpty() ? null : toolCalls, null);
    }

    /** The {@code data[]} item of a sample. */
    static ChatDataResponse dataItem(ChatPlan plan, String logId, int index, String configId, String text,
            List<ToolCall> toolCalls, String finishReason) {
        ChatRequest request = plan.request();
        return new ChatDataResponse(
                logId,
                index,
                text.strip(),
                text,
                configId,
                outputMessage(text, toolCalls),
                inputsToReturn(plan),
                finishReason,
                request.messages(),
                toolCalls.isEmpty() ? null : toolCalls,
                toolCalls.isEmpty() ? null : toolCalls.getFirst().function(),
                null);
    }

    /**
     * The {@code data[]} item of a stream event: {@code text} is the new text only, as it came
     * (not trimmed, or the spaces between deltas would be lost).
     */
    static ChatDataResponse deltaItem(ChatPlan plan, String logId, int index, String configId, String text,
            List<ToolCall> toolCalls, String finishReason) {
        return new ChatDataResponse(
                logId,
                index,
                text,
                text,
                configId,
                outputMessage(text, toolCalls),
                inputsToReturn(plan),
                finishReason,
                null,
                toolCalls.isEmpty() ? null : toolCalls,
                toolCalls.isEmpty() ? null : toolCalls.getFirst().function(),
                null);
    }

    /** The envelope around {@code data}: the whole answer, or one stream event. */
    static ChatResponse envelope(ChatPlan plan, List<ChatDataResponse> data, List<JsonNode> providerResponses,
            Usage usage, JsonNode providerRequest) {
        ChatRequest request = plan.request();
        return new ChatResponse(
                data,
                providerResponses,
                plan.projectId(),
                plan.numSamples(),
                null,
                null,
                request.user(),
                usage,
                request.metadata(),
                providerRequest,
                plan.sessionId(),
                request.toolChoice(),
                request.toolCall());
    }

    private static Map<String, Object> inputsToReturn(ChatPlan plan) {
        boolean returnInputs = plan.request().returnInputs() == null || plan.request().returnInputs();
        return returnInputs ? plan.inputs() : Map.of();
    }
}
