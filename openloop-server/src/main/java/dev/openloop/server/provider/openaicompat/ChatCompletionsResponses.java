package dev.openloop.server.provider.openaicompat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.ToolCall;
import dev.openloop.api.chat.Usage;
import dev.openloop.server.json.Json;
import dev.openloop.api.sse.SseEvent;
import dev.openloop.server.provider.Generation;
import dev.openloop.server.provider.ProviderErrors;
import dev.openloop.server.provider.ProviderFailure;
import dev.openloop.server.provider.StreamEvent;
import dev.openloop.server.provider.UsageDetail;
import dev.openloop.server.provider.http.SseProviderStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads Chat Completions answers, errors and stream chunks into v4 terms; and those of the legacy
 * Completions API, whose choices hold their {@code text} where Chat Completions' hold a message
 * (or a delta), and read the same otherwise.
 */
public final class ChatCompletionsResponses {
    /**
     * The top-level fields of a whole answer that {@link #generations}, {@link #usage} and
     * {@link #usageDetail} read.
     */
    public static final Set<String> ANSWER_FIELDS_READ = Set.of("choices", "usage");

    private ChatCompletionsResponses() {
    }

    /** The generations of a {@code chat.completion} object, by index. */
    public static List<Generation> generations(JsonNode completion) {
        List<Generation> generations = new ArrayList<>();
        for (JsonNode choice : completion.path("choices")) {
            JsonNode message = choice.path("message");
            List<ToolCall> toolCalls = new ArrayList<>();
            for (JsonNode call : message.path("tool_calls")) {
                JsonNode function = call.path("function");
                toolCalls.add(ToolCall.function(call.path("id").asText(), function.path("name").asText(),
                        function.path("arguments").asText("")));
            }
            JsonNode legacyCall = message.get("function_call");
            if (toolCalls.isEmpty() && legacyCall != null && legacyCall.isObject()) {
                toolCalls.add(ToolCall.function("call_" + choice.path("index").asInt(), legacyCall.path("name").asText(),
                        legacyCall.path("arguments").asText("")));
            }
            String text = choice.path("text").isTextual() ? choice.get("text").asText()
                    : message.path("content").isTextual() ? message.path("content").asText() : "";
            generations.add(new Generation(choice.path("index").asInt(generations.size()), text, List.copyOf(toolCalls),
                    finishReason(choice.path("finish_reason").asText(null))));
        }
        generations.sort(Comparator.comparingInt(Generation::index));
        return generations;
    }

    /** The usage of an answer or of a stream's usage chunk; {@code null} when absent. */
    public static Usage usage(JsonNode node) {
        JsonNode usage = node.get("usage");
        if (usage == null || !usage.isObject()) {
            return null;
        }
        int prompt = usage.path("prompt_tokens").asInt(0);
        int completion = usage.path("completion_tokens").asInt(0);
        return new Usage(prompt, completion, usage.path("total_tokens").asInt(prompt + completion));
    }

    /**
     * The parts of an answer's or a usage chunk's usage OpenAI breaks out:
     * {@code prompt_tokens_details.cached_tokens} (part of {@code prompt_tokens}) and
     * {@code completion_tokens_details.reasoning_tokens} (part of {@code completion_tokens}).
     * OpenAI bills no cache writes.
     */
    public static UsageDetail usageDetail(JsonNode node) {
        JsonNode usage = node.get("usage");
        if (usage == null || !usage.isObject()) {
            return UsageDetail.NONE;
        }
        return new UsageDetail(UsageDetail.count(usage.path("prompt_tokens_details").get("cached_tokens")), null,
                UsageDetail.count(usage.path("completion_tokens_details").get("reasoning_tokens")));
    }

    /** v4's name for an OpenAI finish reason. */
    public static String finishReason(String openai) {
        if (openai == null) {
            return null;
        }
        return switch (openai) {
            case "tool_calls", "function_call" -> "tool_call";
            default -> openai;
        };
    }

    /** The events in one {@code chat.completion.chunk}. */
    public static List<StreamEvent> events(JsonNode chunk) {
        List<StreamEvent> events = new ArrayList<>();
        for (JsonNode choice : chunk.path("choices")) {
            int index = choice.path("index").asInt(0);
            JsonNode delta = choice.path("delta");
            JsonNode content = choice.has("text") ? choice.get("text") : delta.get("content");
            if (content != null && content.isTextual() && !content.asText().isEmpty()) {
                events.add(new StreamEvent.TextDelta(index, content.asText()));
            }
            for (JsonNode call : delta.path("tool_calls")) {
                JsonNode function = call.path("function");
                events.add(new StreamEvent.ToolCallDelta(index, call.path("index").asInt(0), textOrNull(call, "id"),
                        textOrNull(function, "name"), function.path("arguments").asText("")));
            }
            JsonNode legacyCall = delta.get("function_call");
            if (legacyCall != null && legacyCall.isObject()) {
                events.add(new StreamEvent.ToolCallDelta(index, 0, legacyCall.has("name") ? "call_" + index : null,
                        textOrNull(legacyCall, "name"), legacyCall.path("arguments").asText("")));
            }
            String finish = choice.path("finish_reason").asText(null);
            if (finish != null) {
                events.add(new StreamEvent.Finished(index, finishReason(finish)));
            }
        }
        Usage usage = usage(chunk);
        if (usage != null) {
            events.add(new StreamEvent.UsageReport(usage, usageDetail(chunk)));
        }
        return events;
    }

    /** The message of an OpenAI error body: {@code {"error": {"message": ...}}}. */
    public static String errorMessage(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            JsonNode error = node.path("error");
            if (error.isObject() && error.path("message").isTextual()) {
                return error.get("message").asText();
            }
            if (error.isTextual()) {
                return error.asText();
            }
            if (node.path("message").isTextual()) {
                return node.get("message").asText();
            }
        } catch (Exception notJson) {
            // fall through to the raw text
        }
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /**
     * Reads one event of a Chat Completions stream, naming {@code origin} in the error an error
     * event becomes.
     */
    public static SseProviderStream.Chunk readChunk(SseEvent event, String origin) {
        return readChunk(event, chunk -> {
            JsonNode error = chunk.get("error");
            if (error == null || error.isNull()) {
                return null;
            }
            String message = error.isTextual() ? error.asText() : error.path("message").asText(error.toString());
            int code = error.path("code").isInt() ? error.path("code").asInt() : 502;
            return ProviderErrors.fromUpstream(origin, code >= 400 && code <= 599 ? code : 502, message, null);
        });
    }

    /**
     * Reads one event of a stream in the Chat Completions format whose error events are a
     * provider's own: {@code errorIn} gives the failure an event reports, or null for a chunk.
     */
    public static SseProviderStream.Chunk readChunk(SseEvent event, Function<JsonNode, ProviderFailure> errorIn) {
        String data = event.data().strip();
        if (data.equals("[DONE]")) {
            return SseProviderStream.Chunk.END;
        }
        if (data.isEmpty()) {
            return SseProviderStream.Chunk.NOTHING;
        }
        JsonNode chunk = Json.tree(data);
        ProviderFailure failure = errorIn.apply(chunk);
        if (failure != null) {
            throw failure;
        }
        return new SseProviderStream.Chunk(events(chunk), chunk, false);
    }
}
