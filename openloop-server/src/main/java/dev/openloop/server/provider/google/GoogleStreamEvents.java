package dev.openloop.server.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.ToolCall;
import dev.openloop.api.chat.Usage;
import dev.openloop.api.sse.SseEvent;
import dev.openloop.server.json.Json;
import dev.openloop.server.provider.ProviderErrors;
import dev.openloop.server.provider.ProviderFailure;
import dev.openloop.server.provider.StreamEvent;
import dev.openloop.server.provider.http.SseProviderStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the chunks of a Gemini stream ({@code streamGenerateContent?alt=sse}): each SSE event's
 * data is a whole {@code GenerateContentResponse} holding the next pieces of some candidates,
 * read as {@link GoogleResponses} reads an answer:
 *
 * <ul>
 *   <li>text parts are text deltas of their candidate (thought parts are not output);</li>
 *   <li>a {@code functionCall} part comes whole, and is a tool call of its candidate at once;</li>
 *   <li>a candidate's {@code finishReason} finishes its sample ({@code MALFORMED_FUNCTION_CALL}
 *       fails the stream);</li>
 *   <li>{@code usageMetadata}, which chunks repeat as it grows, is reported once, the last one
 *       seen, when the stream ends;</li>
 *   <li>a chunk with {@code promptFeedback.blockReason} and no candidates fails the stream as a
 *       blocked prompt, and an {@code error} object as Google's error of its {@code code}.</li>
 * </ul>
 * Gemini's streams have no end marker: they end with the connection. A stream is whole when it
 * ends after every candidate it started has its finish reason; one that ends sooner is broken,
 * a 502 that says so.
 */
final class GoogleStreamEvents implements SseProviderStream.ChunkReader {
    private final Set<Integer> started = new HashSet<>();
    private final Set<Integer> finished = new HashSet<>();
    private final Map<Integer, Integer> callsByCandidate = new HashMap<>();
    private JsonNode usage;

    @Override
    public SseProviderStream.Chunk read(SseEvent event) {
        String data = event.data().strip();
        if (data.isEmpty() || data.equals("[DONE]")) {
            return SseProviderStream.Chunk.NOTHING;
        }
        JsonNode json = Json.tree(data);
        if (json.path("error").isObject()) {
            throw inStreamError(json.get("error"));
        }
        if (json.path("usageMetadata").isObject()) {
            usage = json.get("usageMetadata");
        }
        JsonNode candidates = json.path("candidates");
        if (candidates.isEmpty()) {
            ProviderFailure blocked = GoogleResponses.blocked(json);
            if (blocked != null) {
                throw blocked;
            }
        }
        List<StreamEvent> events = new ArrayList<>();
        for (int position = 0; position < candidates.size(); position++) {
            JsonNode candidate = candidates.get(position);
            int index = GoogleResponses.index(candidate, position);
            started.add(index);
            for (JsonNode part : candidate.path("content").path("parts")) {
                if (part.has("functionCall")) {
                    ToolCall call = GoogleResponses.toolCall(part.get("functionCall"));
                    int callIndex = callsByCandidate.merge(index, 1, Integer::sum) - 1;
                    events.add(new StreamEvent.ToolCallDelta(index, callIndex, call.id(), call.function().name(),
                            call.function().arguments()));
                } else if (part.path("text").isTextual() && !part.path("thought").asBoolean(false)
                        && !part.get("text").asText().isEmpty()) {
                    events.add(new StreamEvent.TextDelta(index, part.get("text").asText()));
                }
            }
            String finishReason = candidate.path("finishReason").asText(null);
            if (finishReason != null) {
                ProviderFailure failure = GoogleResponses.failure(finishReason, candidate);
                if (failure != null) {
                    throw failure;
                }
                finished.add(index);
                events.add(new StreamEvent.Finished(index,
                        GoogleResponses.finishReason(finishReason, callsByCandidate.containsKey(index))));
            }
        }
        return new SseProviderStream.Chunk(events, json, false);
    }

    @Override
    public SseProviderStream.Chunk atEnd() {
        if (started.isEmpty() || !finished.containsAll(started)) {
            // There is no end marker to miss: say what is missing instead.
            throw ProviderErrors.unreachable(GoogleProvider.ORIGIN, "ended the stream before every candidate had its finishReason");
        }
        Usage total = GoogleResponses.usage(usage);
        return new SseProviderStream.Chunk(total == null ? List.of() : List.of(new StreamEvent.UsageReport(total)), null, true);
    }

    /** An error object in the stream: its code when it is an error status, else a 502; its message. */
    private static RuntimeException inStreamError(JsonNode error) {
        int code = error.path("code").asInt(502);
        String message = error.path("message").asText("");
        return ProviderErrors.fromUpstream(GoogleProvider.ORIGIN, code >= 400 && code <= 599 ? code : 502,
                message.isEmpty() ? "Google reported an error in the stream" : message, null);
    }
}
