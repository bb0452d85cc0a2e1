package dev.openloop.server.provider.ai21;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.Usage;
import dev.openloop.api.sse.SseEvent;
import dev.openloop.server.json.Json;
import dev.openloop.server.provider.Generation;
import dev.openloop.server.provider.ProviderErrors;
import dev.openloop.server.provider.http.SseProviderStream;
import dev.openloop.server.provider.openaicompat.ChatCompletionsResponses;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads AI21's Jamba chat completions answers, stream chunks and error bodies into v4 terms.
 * Answers and chunks have OpenAI's shapes ({@code choices}, {@code delta}, {@code usage}, a stream
 * ending with {@code [DONE]}) and the finish reasons {@code stop}, {@code length} and
 * {@code tool_calls}, so they are read by the shared Chat Completions code; errors are AI21's own. A message's
 * {@code reasoning_content} is not output.
 */
final class Ai21Responses {
    private Ai21Responses() {
    }

    /** The generations of an answer, by index. */
    static List<Generation> generations(JsonNode answer) {
        if (!answer.path("choices").isArray() || answer.path("choices").isEmpty()) {
            throw ProviderErrors.malformed(Ai21Provider.ORIGIN, "the answer has no choices");
        }
        return ChatCompletionsResponses.generations(answer);
    }

    /** The usage of an answer; {@code null} when absent. */
    static Usage usage(JsonNode answer) {
        return ChatCompletionsResponses.usage(answer);
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
        return new SseProviderStream.Chunk(ChatCompletionsResponses.events(chunk), chunk, false);
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
}
