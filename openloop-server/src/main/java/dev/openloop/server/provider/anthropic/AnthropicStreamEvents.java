package dev.openloop.server.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openloop.api.chat.Usage;
import dev.openloop.api.sse.SseEvent;
import dev.openloop.server.provider.ProviderFailure;
import dev.openloop.server.json.Json;
import dev.openloop.server.provider.ProviderErrors;
import dev.openloop.server.provider.StreamEvent;
import dev.openloop.server.provider.http.SseProviderStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the events of one Messages API stream. Each SSE event is named by its type and carries a
 * JSON object with the same {@code type}:
 *
 * <ul>
 *   <li>{@code message_start}: the message, with the prompt's usage;</li>
 *   <li>{@code content_block_start}: a block at {@code index} begins. A {@code tool_use} block
 *       brings the call's id and name; it becomes the sample's next tool call;</li>
 *   <li>{@code content_block_delta}: a {@code text_delta} is text, an {@code input_json_delta}
 *       more of a tool call's arguments; thinking deltas are not output;</li>
 *   <li>{@code content_block_stop}: a tool call that got no arguments gets {@code {}}, as in a
 *       whole answer;</li>
 *   <li>{@code message_delta}: the stop reason and the usage so far (its counts are cumulative
 *       and win over those of {@code message_start});</li>
 *   <li>{@code message_stop}: the end of the stream. A stream that stops before it is broken
 *       ({@link SseProviderStream} says so);</li>
 *   <li>{@code error}: fails the stream with Anthropic's error, mapped as its status would be;</li>
 *   <li>{@code ping} and any event Anthropic adds later carry nothing v4 needs.</li>
 * </ul>
 * The reader keeps what it learned of the stream so far, so each stream needs one of its own.
 */
final class AnthropicStreamEvents {
    /** The HTTP status of each Anthropic error type, for errors that arrive inside a stream. */
    private static final Map<String, Integer> ERROR_STATUS = Map.of(
            "invalid_request_error", 400,
            "authentication_error", 401,
            "billing_error", 402,
            "permission_error", 403,
            "not_found_error", 404,
            "request_too_large", 413,
            "rate_limit_error", 429,
            "api_error", 500,
            "timeout_error", 504,
            "overloaded_error", 529);

    /** The tool call each {@code tool_use} block is, by block index. */
    private final Map<Integer, Integer> toolCallOfBlock = new HashMap<>();
    /** The tool calls whose arguments have begun. */
    private final Map<Integer, Boolean> hasArguments = new HashMap<>();
    /** The usage as last reported, merged field by field. */
    private final ObjectNode usage = Json.MAPPER.createObjectNode();

    SseProviderStream.Chunk read(SseEvent event) {
        String data = event.data().strip();
        if (data.isEmpty()) {
            return SseProviderStream.Chunk.NOTHING;
        }
        JsonNode json = Json.tree(data);
        String type = json.path("type").asText(event.event());
        List<StreamEvent> events = new ArrayList<>();
        switch (type) {
            case "message_start" -> mergeUsage(json.path("message").path("usage"));
            case "content_block_start" -> startBlock(json.path("index").asInt(0), json.path("content_block"), events);
            case "content_block_delta" -> delta(json.path("index").asInt(0), json.path("delta"), events);
            case "content_block_stop" -> {
                Integer position = toolCallOfBlock.get(json.path("index").asInt(0));
                if (position != null && !hasArguments.getOrDefault(position, false)) {
                    events.add(new StreamEvent.ToolCallDelta(0, position, null, null, "{}"));
                }
            }
            case "message_delta" -> {
                String stopReason = json.path("delta").path("stop_reason").asText(null);
                if (stopReason != null) {
                    events.add(new StreamEvent.Finished(0, AnthropicResponses.finishReason(stopReason)));
                }
                mergeUsage(json.path("usage"));
                Usage total = AnthropicResponses.usage(usage);
                if (total != null) {
                    events.add(new StreamEvent.UsageReport(total, AnthropicResponses.usageDetail(usage)));
                }
            }
            case "message_stop" -> {
                return new SseProviderStream.Chunk(List.of(), json, true);
            }
            case "ping" -> {
                return SseProviderStream.Chunk.NOTHING;
            }
            case "error" -> throw inStreamError(json.path("error"));
            default -> {
                // Events Anthropic may add later; kept for the log only.
            }
        }
        return new SseProviderStream.Chunk(events, json, false);
    }

    private void startBlock(int index, JsonNode block, List<StreamEvent> events) {
        switch (block.path("type").asText("")) {
            case "text" -> addText(events, block.path("text"));
            case "tool_use" -> {
                int position = toolCallOfBlock.size();
                toolCallOfBlock.put(index, position);
                events.add(new StreamEvent.ToolCallDelta(0, position, block.path("id").asText(null),
                        block.path("name").asText(null), ""));
            }
            default -> {
                // thinking, redacted_thinking, server tool blocks: nothing v4 carries.
            }
        }
    }

    private void delta(int index, JsonNode delta, List<StreamEvent> events) {
        switch (delta.path("type").asText("")) {
            case "text_delta" -> addText(events, delta.path("text"));
            case "input_json_delta" -> {
                Integer position = toolCallOfBlock.get(index);
                String json = delta.path("partial_json").asText("");
                // Only a tool_use block's input is a tool call; a server tool's input is not output.
                if (position != null && !json.isEmpty()) {
                    hasArguments.put(position, true);
                    events.add(new StreamEvent.ToolCallDelta(0, position, null, null, json));
                }
            }
            default -> {
                // thinking_delta, signature_delta, citations_delta: not output.
            }
        }
    }

    private void mergeUsage(JsonNode reported) {
        if (reported.isObject()) {
            reported.properties().forEach(field -> {
                if (field.getValue().isNumber()) {
                    usage.set(field.getKey(), field.getValue());
                }
            });
        }
    }

    private static void addText(List<StreamEvent> events, JsonNode text) {
        if (text.isTextual() && !text.asText().isEmpty()) {
            events.add(new StreamEvent.TextDelta(0, text.asText()));
        }
    }

    /** An {@code error} event: the status its type stands for (502 for a type not known), its message. */
    private static ProviderFailure inStreamError(JsonNode error) {
        int status = ERROR_STATUS.getOrDefault(error.path("type").asText(""), 502);
        String message = error.path("message").asText("");
        return ProviderErrors.fromUpstream(AnthropicProvider.ORIGIN, status,
                message.isEmpty() ? "Anthropic reported an error in the stream" : message, null);
    }
}
