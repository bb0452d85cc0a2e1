package dev.openloop.server.provider.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openloop.server.json.Json;
import dev.openloop.server.json.RawJson;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Set;

/**
 * A provider's whole JSON answer, read once: the top-level fields its adapter reads, as a tree,
 * and the whole answer as the compact JSON text the log keeps and the v4 answer carries. Building
 * a tree of the whole answer only to write it out twice was most of what reading an answer cost.
 *
 * @param read an object holding only the fields asked for (or the whole answer when it was read
 *     as a tree)
 * @param raw the whole answer, written as {@link Json#MAPPER} writes its tree
 */
public record JsonAnswer(JsonNode read, JsonNode raw) {
    /** Reads one value of a stream as a tree: the server's mapper would insist it is the last. */
    private static final ObjectReader VALUE = Json.MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * Reads {@code body}, keeping the fields named {@code fields} as a tree. An answer the stream of
     * tokens cannot copy exactly as its tree would be written (not an object, malformed, a name
     * twice in one object: the tree keeps the last one) is read as a tree instead, which also makes
     * the same fault of a malformed one.
     */
    static JsonAnswer read(ProviderHttp.Reply reply, Set<String> fields, String origin) {
        JsonAnswer answer = fields == null ? null : copied(reply.body(), fields);
        if (answer != null) {
            return answer;
        }
        JsonNode tree = reply.jsonObject(origin);
        return new JsonAnswer(tree, tree);
    }

    /** The answer copied token by token, or {@code null} when only its tree can say what it is. */
    private static JsonAnswer copied(byte[] body, Set<String> fields) {
        ObjectNode read = Json.MAPPER.createObjectNode();
        // Compact text is no longer than the answer as it came, but for the escapes it may add.
        StringWriter text = new StringWriter(body.length + 16);
        try (JsonParser parser = Json.MAPPER.createParser(body);
                JsonGenerator copy = Json.MAPPER.createGenerator(text)) {
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            copy.writeStartObject();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                copy.writeFieldName(name);
                parser.nextToken();
                if (fields.contains(name)) {
                    JsonNode value = VALUE.readTree(parser);
                    read.set(name, value);
                    copy.writeTree(value);
                } else {
                    copy.copyCurrentStructure(parser);
                }
            }
            copy.writeEndObject();
            if (parser.nextToken() != null) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            // Malformed, or a name twice: the tree's reading says what the answer is.
            return null;
        }
        return new JsonAnswer(read, RawJson.of(text.toString()));
    }
}
