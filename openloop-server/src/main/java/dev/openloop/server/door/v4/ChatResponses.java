package dev.openloop.server.door.v4;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.ChatDataResponse;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.ChatResponse;
import dev.openloop.api.chat.ToolCall;
import dev.openloop.api.chat.Usage;
import dev.openloop.server.chat.ChatPlan;
import dev.openloop.server.chat.ChatResult;
import dev.openloop.server.chat.OutputMessages;
import dev.openloop.server.chat.SampleAnswer;
import java.util.List;
import java.util.Map;

/** Words the chat flow's results as v4 answers, whole answers and stream events alike. */
final class ChatResponses {
    private ChatResponses() {
    }

    /** The whole answer. */
    static ChatResponse of(ChatRequest request, ChatResult result) {
        ChatPlan plan = result.plan();
        List<ChatDataResponse> data = result.samples().stream()
                .map(sample -> dataItem(request, plan, sample.logId(), sample.index(), sample.configId(), sample.text(),
                        sample.toolCalls(), sample.finishReason()))
                .toList();
        return envelope(request, plan, data, result.providerResponses(), result.usage(), result.providerRequest());
    }

    /** A stream event of one sample: a piece of its text, or with {@code usage} its end. */
    static ChatResponse event(ChatRequest request, ChatPlan plan, SampleAnswer sample, Usage usage) {
        return envelope(request, plan, List.of(deltaItem(request, plan, sample.logId(), sample.index(), sample.configId(), sample.text(),
                sample.toolCalls(), sample.finishReason())), List.of(), usage, null);
    }

    /** The {@code data[]} item of a sample. */
    static ChatDataResponse dataItem(ChatRequest request, ChatPlan plan, String logId, int index, String configId,
            String text, List<ToolCall> toolCalls, String finishReason) {
        return new ChatDataResponse(
                logId,
                index,
                text.strip(),
                text,
                configId,
                OutputMessages.of(text, toolCalls),
                inputsToReturn(request, plan),
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
    static ChatDataResponse deltaItem(ChatRequest request, ChatPlan plan, String logId, int index, String configId,
            String text, List<ToolCall> toolCalls, String finishReason) {
        return new ChatDataResponse(
                logId,
                index,
                text,
                text,
                configId,
                OutputMessages.of(text, toolCalls),
                inputsToReturn(request, plan),
                finishReason,
                null,
                toolCalls.isEmpty() ? null : toolCalls,
                toolCalls.isEmpty() ? null : toolCalls.getFirst().function(),
                null);
    }

    /** The envelope around {@code data}: the whole answer, or one stream event. */
    static ChatResponse envelope(ChatRequest request, ChatPlan plan, List<ChatDataResponse> data,
            List<JsonNode> providerResponses, Usage usage, JsonNode providerRequest) {
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

    private static Map<String, Object> inputsToReturn(ChatRequest request, ChatPlan plan) {
        boolean returnInputs = request.returnInputs() == null || request.returnInputs();
        return returnInputs ? plan.inputs() : Map.of();
    }
}
