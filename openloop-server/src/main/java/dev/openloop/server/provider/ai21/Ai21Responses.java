package dev.openloop.server.provider.ai21;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.ToolCall;
import dev.openloop.api.chat.Usage;
import dev.openloop.api.sse.SseEvent;
import dev.openloop.server.http.Json;
import dev.openloop.server.provider.Generation;
import dev.openloop.server.provider.ProviderErrors;
import dev.openloop.server.provider.StreamEvent;
import dev.openloop.server.provider.http.SseProviderStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads AI21's Jamba chat completions answers, stream chunks and error bodies into v4 terms. The
 * shapes follow OpenAI's ({@code choices}, {@code delta}, {@code usage}, a stream ending with
 * {@code [DONE]}); the finish reasons are {@code stop}, {@code length} and {@code tool_calls}.
 * A message's {@code reasoning_content} is not output.
 */
final class Ai21Responses {
    private Ai21Responses() {
    }

    /** The generations of an answer, by index. */
    static List<Generation> generations(JsonNode answer) {
        if (!answer.path("choices").isArray() || answer.path("choices").isEmpty()) {
            throw ProviderErrors.malformed(Ai21Provider.ORIGIN, "the answer has no choices");
        }
        List<Generation> generations = new ArrayList<>();
        for (JsonNode choice : answer.path("choices")) {
            JsonNode message = choice.path("message");
            List<ToolCall> toolCalls = new ArrayList<>();
            for (JsonNode call : message.path("tool_calls")) {
                JsonNode function = call.path("function");
                toolCalls.add(ToolCall.function(call.path("id").asText(), function.path("name").asText(),
                        function.path("arguments").asText("")));
            }
            String text = message.path("content").isTextual() ? message.path("content").asText() : "";
            generations.add(new Generation(choice.path("index").asInt(generations.size()), text, List.copyOf(toolCalls),
                    finishReason(choice.path("finish_reason").asText(null))));
        }
        generations.sort(Comparator.comparingInt(Generation::index));
        return generations;
    }

    /** The usage of an answer or of a stream's last chunk; {@code null} when absent. */
    static Usage usage(JsonNode node) {
        JsonNode usage = node.get("usage");
        if (usage == null || !usage.isObject()) {
            return null;
        }
        int prompt = usage.path("prompt_tokens").asInt(0);
        int completion = usage.path("completion_tokens").asInt(0);
        return new Usage(prompt, completion, usage.path("total_tokens").asInt(prompt + completion));
    }

    /** v4's name for an AI21 finish reason. */
    static String finishReason(String ai21) {
        if (ai21 == null) {
            return null;
        }
        return ai21.equals("tool_calls") ? "tool_call" : ai21;
    }

    /** Reads one event of a stream: a chunk, an error, or {@code [DONE]}, the end. */
    static SseProviderStream.Chunk readChunk(SseEvent event) {
        String data = event.data().strip();
        if (data.equals("[DONE]")) {
            return SseProviderStream.Chunk.END;
        }
        if (data.isEmpty()) {
            return SseProviderStream.Chunk.NOTHING;
        }
        JsonNode chunk = Json.tree(data);
        if (!chunk.has("choices") && (chunk.has("error") || chunk.has("detail"))) {
            JsonNode error = chunk.path("error");
            int code = error.path("code").isInt() ? error.path("code").asInt() : chunk.path("status").asInt(502);
            throw ProviderErrors.fromUpstream(Ai21Provider.ORIGIN, code >= 400 && code <= 599 ? code : 502,
                    messageOf(chunk), null);
        }
        return new SseProviderStream.Chunk(events(chunk), chunk, false);
    }

    private static List<StreamEvent> events(JsonNode chunk) {
        List<StreamEvent> events = new ArrayList<>();
        for (JsonNode choice : chunk.path("choices")) {
            int index = choice.path("index").asInt(0);
            JsonNode delta = choice.path("delta");
            JsonNode content = delta.get("content");
            if (content != null && content.isTextual() && !content.asText().isEmpty()) {
                events.add(new StreamEvent.TextDelta(index, content.asText()));
            }
            for (JsonNode call : delta.path("tool_calls")) {
                JsonNode function = call.path("function");
                events.add(new StreamEvent.ToolCallDelta(index, call.path("index").asInt(0), textOrNull(call, "id"),
                        textOrNull(function, "name"), function.path("arguments").asText("")));
            }
            String finish = choice.path("finish_reason").asText(null);
            if (finish != null) {
                events.add(new StreamEvent.Finished(index, finishReason(finish)));
            }
        }
        Usage usage = usage(chunk);
        if (usage != null) {
            events.add(new StreamEvent.UsageReport(usage));
        }
        return events;
    }

    /**
     * The message of an AI21 error body. AI21 answers as FastAPI does: {@code {"detail": "..."}},
     * or for an invalid body {@code {"detail": [{"loc": [...], "msg": "..."}]}}.
     */
    static String errorMessage(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            String message = messageOf(Json.MAPPER.readTree(text));
            if (message != null) {
                return message;
            }
        } catch (Exception notJson) {
            // fall through to the raw text
        }
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

    private static String messageOf(JsonNode node) {
        JsonNode detail = node.path("detail");
        if (detail.isTextual()) {
            return detail.asText();
        }
        if (detail.isArray() && !detail.isEmpty()) {
            List<String> problems = new ArrayList<>();
            for (JsonNode problem : detail) {
                List<String> loc = new ArrayList<>();
                problem.path("loc").forEach(part -> loc.add(part.asText()));
                String msg = problem.path("msg").asText(problem.toString());
                problems.add(loc.isEmpty() ? msg : String.join(".", loc) + ": " + msg);
            }
            return String.join("; ", problems);
        }
        JsonNode error = node.path("error");
        if (error.path("message").isTextual()) {
            return error.get("message").asText();
        }
        if (error.isTextual()) {
            return error.asText();
        }
        return node.path("message").isTextual() ? node.get("message").asText() : null;
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
