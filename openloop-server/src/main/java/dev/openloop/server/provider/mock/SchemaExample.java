package dev.openloop.server.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Makes a small JSON value that fits a JSON Schema, so the mock's tool calls carry arguments a
 * client can parse with the schema it declared: every property is filled (required or not) with
 * the first enum value, the default, or a plain value of its type (for strings, one that fits the
 * schema's {@code pattern} when that is a simple one, see {@link PatternExample}).
 */
final class SchemaExample {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 8;

    private SchemaExample() {
    }

    /** A value fitting {@code schema}; an object when the schema is missing. */
    static JsonNode of(JsonNode schema) {
        return value(schema, 0);
    }

    private static JsonNode value(JsonNode schema, int depth) {
        if (schema == null || !schema.isObject() || depth > MAX_DEPTH) {
            return NODES.objectNode();
        }
        if (schema.has("const")) {
            return schema.get("const");
        }
        if (schema.has("default")) {
            return schema.get("default");
        }
        JsonNode enumValues = schema.get("enum");
        if (enumValues != null && enumValues.isArray() && !enumValues.isEmpty()) {
            return enumValues.get(0);
        }
        for (String combinator : new String[] {"anyOf", "oneOf", "allOf"}) {
            JsonNode options = schema.get(combinator);
            if (options != null && options.isArray() && !options.isEmpty()) {
                return value(options.get(0), depth + 1);
            }
        }
        String type = typeOf(schema);
        return switch (type) {
            case "string" -> NODES.textNode(stringFor(schema));
            case "integer" -> NODES.numberNode(Math.max(0, schema.path("minimum").asInt(0)));
            case "number" -> NODES.numberNode(Math.max(0.0, schema.path("minimum").asDouble(0.0)));
            case "boolean" -> NODES.booleanNode(false);
            case "null" -> NODES.nullNode();
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                int minItems = schema.path("minItems").asInt(1);
                for (int i = 0; i < Math.max(1, minItems); i++) {
                    array.add(value(schema.get("items"), depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                JsonNode properties = schema.get("properties");
                if (properties != null && properties.isObject()) {
                    Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
                    while (fields.hasNext()) {
                        Map.Entry<String, JsonNode> field = fields.next();
                        object.set(field.getKey(), value(field.getValue(), depth + 1));
                    }
                }
                yield object;
            }
        };
    }

    private static String typeOf(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type != null && type.isTextual()) {
            return type.asText();
        }
        if (type != null && type.isArray()) {
            for (JsonNode option : type) {
                if (!"null".equals(option.asText())) {
                    return option.asText();
                }
            }
        }
        return schema.has("items") ? "array" : "object";
    }

    /**
     * A string for the schema: one its {@code pattern} matches, when {@link PatternExample} can
     * make one; else one of its {@code format}; else {@code "mock"}, cut or padded to fit
     * {@code minLength} and {@code maxLength}.
     */
    private static String stringFor(JsonNode schema) {
        JsonNode pattern = schema.get("pattern");
        if (pattern != null && pattern.isTextual()) {
            Optional<String> matching = PatternExample.of(pattern.asText());
            if (matching.isPresent()) {
                return matching.get();
            }
        }
        String format = schema.path("format").asText("");
        return switch (format) {
            case "date-time" -> "2024-01-01T00:00:00Z";
            case "date" -> "2024-01-01";
            case "email" -> "mock@example.com";
            case "uri", "url" -> "https://example.com";
            default -> fitted("mock", schema.path("minLength").asInt(0), schema.path("maxLength").asInt(Integer.MAX_VALUE));
        };
    }

    private static String fitted(String text, int minLength, int maxLength) {
        String padded = text.length() >= minLength ? text : text + "x".repeat(Math.min(minLength, 10_000) - text.length());
        return padded.length() <= maxLength ? padded : padded.substring(0, Math.max(0, maxLength));
    }
}
