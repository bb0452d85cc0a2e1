package dev.openloop.server.door.v1;

import dev.openloop.api.chat.ToolCall;
import dev.openloop.api.chat.Usage;
import dev.openloop.server.chat.ChatResult;
import dev.openloop.server.chat.SampleAnswer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Words the chat flow's results in OpenAI's shapes: a {@code chat.completion} for a whole answer,
 * {@code chat.completion.chunk}s for a stream. The {@code id} is the log id of the first choice,
 * so that feedback can be given on the answer through {@code /v4/feedback}; the
 * {@code OpenLoop-Log-Ids} header names every choice's log.
 */
final class Completions {
    static final String LOG_IDS_HEADER = "OpenLoop-Log-Ids";

    private Completions() {
    }

    /** The whole answer to a call that asked for {@code model}, made at {@code created} (seconds). */
    static Map<String, Object> of(ChatResult result, String model, long created) {
        List<Map<String, Object>> choices = new ArrayList<>();
        for (SampleAnswer sample : result.samples()) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("role", "assistant");
            boolean onlyTools = sample.text().isEmpty() && !sample.toolCalls().isEmpty();
            message.put("content", onlyTools ? null : sample.text());
            message.put("refusal", null);
            if (!sample.toolCalls().isEmpty()) {
                message.put("tool_calls", toolCalls(sample.toolCalls(), false));
            }
            Map<String, Object> choice = new LinkedHashMap<>();
            choice.put("index", sample.index());
            choice.put("message", message);
            choice.put("logprobs", null);
            choice.put("finish_reason", finishReason(sample.finishReason()));
            choices.add(choice);
        }
        Map<String, Object> answer = envelope(result.samples().getFirst().logId(), "chat.completion", created, model);
        answer.put("choices", choices);
        answer.put("usage", usage(result.usage()));
        return answer;
    }

    /** The fields every answer and chunk starts with. */
    static Map<String, Object> envelope(String id, String object, long created, String model) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        answer.put("object", object);
        answer.put("created", created);
        answer.put("model", model);
        answer.put("system_fingerprint", null);
        return answer;
    }

    /** OpenAI's usage object; zeros when no provider said. */
    static Map<String, Object> usage(Usage usage) {
        Usage known = usage == null ? Usage.of(0, 0) : usage;
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("prompt_tokens", known.promptTokens());
        wire.put("completion_tokens", known.generationTokens());
        wire.put("total_tokens", known.totalTokens());
        return wire;
    }

    /** Tool calls as a message holds them, or as a chunk's delta does (with their {@code index}). */
    static List<Map<String, Object>> toolCalls(List<ToolCall> calls, boolean indexed) {
        List<Map<String, Object>> wire = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            Map<String, Object> item = new LinkedHashMap<>();
            if (indexed) {
                item.put("index", i);
            }
            item.put("id", call.id());
            item.put("type", "function");
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", call.function().name());
            function.put("arguments", call.function().arguments() == null ? "" : call.function().arguments());
            item.put("function", function);
            wire.add(item);
        }
        return wire;
    }

    /** OpenAI's name of a finish reason: the core's {@code tool_call} is OpenAI's {@code tool_calls}. */
    static String finishReason(String reason) {
        if (reason == null) {
            return null;
        }
        return reason.equals("tool_call") ? "tool_calls" : reason;
    }
}
