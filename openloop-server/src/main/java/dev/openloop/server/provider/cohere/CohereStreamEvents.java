package dev.openloop.server.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.Usage;
import dev.openloop.api.sse.SseEvent;
import dev.openloop.server.provider.ProviderFailure;
import dev.openloop.server.json.Json;
import dev.openloop.server.provider.ProviderErrors;
import dev.openloop.server.provider.StreamEvent;
import dev.openloop.server.provider.http.SseProviderStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the events of a Cohere v2 chat stream. Each SSE event is named by its type and carries a
 * JSON object with the same {@code type}:
 *
 * <ul>
 *   <li>{@code content-delta}: text (its {@code thinking} counterpart is not output);</li>
 *   <li>{@code tool-plan-delta}: the text before tool calls, output as text like
 *       {@link CohereResponses} does;</li>
 *   <li>{@code tool-call-start} and {@code tool-call-delta}: a tool call's id and name, then pieces
 *       of its arguments, by the call's {@code index};</li>
 *   <li>{@code message-end}: the finish reason and usage, and the end of the stream. A
 *       {@code message-end} with an {@code error} or the finish reason {@code ERROR} or
 *       {@code TIMEOUT} fails the stream ({@link CohereResponses#failure}), as an {@code error}
 *       event does;</li>
 *   <li>{@code message-start}, {@code content-start/end}, {@code tool-call-end}, citations and
 *       anything newer carry nothing v4 needs; they are kept for the log only.</li>
 * </ul>
 * A stream that stops before {@code message-end} is broken ({@link SseProviderStream} says so).
 * A {@code [DONE]} may follow {@code message-end}; it is never read, the stream is complete by then.
 */
final class CohereStreamEvents {
    private CohereStreamEvents() {
    }

    static SseProviderStream.Chunk read(SseEvent event) {
        String data = event.data().strip();
        if (data.equals("[DONE]")) {
            return SseProviderStream.Chunk.END;
        }
        if (data.isEmpty()) {
            return SseProviderStream.Chunk.NOTHING;
        }
        JsonNode json = Json.tree(data);
        String type = json.path("type").asText(event.event());
        JsonNode delta = json.path("delta");
        JsonNode message = delta.path("message");
        List<StreamEvent> events = new ArrayList<>();
        switch (type) {
            case "content-delta" -> addText(events, message.path("content").path("text"));
            case "tool-plan-delta" -> addText(events, message.path("tool_plan"));
            case "tool-call-start" -> {
                JsonNode call = message.path("tool_calls");
                JsonNode function = call.path("function");
                events.add(new StreamEvent.ToolCallDelta(0, json.path("index").asInt(0), textOrNull(call, "id"),
                        textOrNull(function, "name"), function.path("arguments").asText("")));
            }
            case "tool-call-delta" -> events.add(new StreamEvent.ToolCallDelta(0, json.path("index").asInt(0), null, null,
                    message.path("tool_calls").path("function").path("arguments").asText("")));
            case "message-end" -> {
                String finishReason = delta.path("finish_reason").asText(null);
                ProviderFailure failure = CohereResponses.failure(finishReason, delta.path("error").asText(""));
                if (failure != null) {
                    throw failure;
                }
                events.add(new StreamEvent.Finished(0, CohereResponses.finishReason(finishReason)));
                Usage usage = CohereResponses.usage(delta.get("usage"));
                if (usage != null) {
                    events.add(new StreamEvent.UsageReport(usage));
                }
                return new SseProviderStream.Chunk(events, json, true);
            }
            case "error" -> throw inStreamError(json);
            default -> {
                // Known events without v4 content, and any Cohere adds later.
            }
        }
        return new SseProviderStream.Chunk(events, json, false);
    }

    /** An error event: its status when it gives one, else a 502; its message. */
    private static RuntimeException inStreamError(JsonNode json) {
        int code = json.path("status_code").asInt(json.path("code").asInt(502));
        String message = json.path("message").asText(json.path("error").asText(""));
        return ProviderErrors.fromUpstream(CohereProvider.ORIGIN, code >= 400 && code <= 599 ? code : 502,
                message.isEmpty() ? "Cohere reported an error in the stream" : message, null);
    }

    private static void addText(List<StreamEvent> events, JsonNode text) {
        if (text.isTextual() && !text.asText().isEmpty()) {
            events.add(new StreamEvent.TextDelta(0, text.asText()));
        }
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
