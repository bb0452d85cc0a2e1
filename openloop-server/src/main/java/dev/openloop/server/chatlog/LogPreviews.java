package dev.openloop.server.chatlog;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.openloop.server.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a list answers of a log's texts: every string in its text columns (its inputs, metadata,
 * messages, output, raw output, output message, tool choice, error, provider request and
 * response) cut to its first
 * {@link #PREVIEW_CHARS} characters, followed by a mark that says how long the whole is. A
 * string stays a string, so the answer keeps v4's schema and every SDK reads it; the whole text
 * is on the log's own page, {@code GET /logs/{id}}.
 */
public final class LogPreviews {
    /** The characters a list shows of each string of a log's texts. */
    public static final int PREVIEW_CHARS = 1_000;

    private LogPreviews() {
    }

    /** {@code row} with every text it holds as a preview. */
    public static LogRecord of(LogRecord row) {
        return new LogRecord(row.id(), row.projectId(), row.sessionId(), row.parentId(), row.referenceId(), row.configId(),
                row.experimentId(), row.trialId(), row.environmentId(), row.status(), row.nodeId(), row.source(), row.user(),
                json(row.metadata()), json(row.inputs()), json(row.messages()), preview(row.output()),
                preview(row.rawOutput()), json(row.outputMessage()), json(row.toolChoice()), row.finishReason(),
                row.promptTokens(), row.outputTokens(), row.providerLatency(), row.duration(), preview(row.error()),
                json(row.providerRequest()), json(row.providerResponse()), row.sourceDatapointId(), row.saved(),
                row.createdAt(), row.updatedAt());
    }

    /** {@code values} (a log's inputs, say) with their long strings as previews. */
    public static Map<String, Object> of(Map<String, Object> values) {
        if (values == null) {
            return null;
        }
        JsonNode tree = Json.MAPPER.valueToTree(values);
        return Json.MAPPER.convertValue(cutAll(tree), new TypeReference<Map<String, Object>>() { });
    }

    /** Stored JSON with its long strings as previews; as it was when it has none. */
    private static String json(String stored) {
        if (stored == null || stored.length() <= PREVIEW_CHARS) {
            return stored;
        }
        return Json.text(cutAll(Json.tree(stored)));
    }

    /** {@code text} as a preview: itself when short enough, else its start and the mark. */
    public static String preview(String text) {
        if (text == null || text.length() <= PREVIEW_CHARS) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(PREVIEW_CHARS - 1)) ? PREVIEW_CHARS - 1 : PREVIEW_CHARS;
        return text.substring(0, end) + "…[preview: " + end + " of " + text.length()
                + " characters; the whole log is at GET /logs/{id}]";
    }

    private static JsonNode cutAll(JsonNode node) {
        if (node.isTextual()) {
            String text = node.textValue();
            return text.length() <= PREVIEW_CHARS ? node : TextNode.valueOf(preview(text));
        }
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                object.set(name, cutAll(object.get(name)));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, cutAll(array.get(i)));
            }
        }
        return node;
    }
}
