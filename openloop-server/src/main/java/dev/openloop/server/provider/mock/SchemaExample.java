package dev.openloop.server.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes a small JSON value that fits a JSON Schema, so the mock's tool calls carry arguments a
 * client can parse with the schema it declared: every property is filled (required or not) with
 * the first enum value, the default, or a plain value of its type (for strings, one that fits the
 * schema's {@code pattern} when that is a simple one, see {@link PatternExample}), arrays with
 * {@code minItems} items (one at least), objects with {@code minProperties} properties.
 *
 * <p>A schema is the caller's, so what it may ask is bounded: an array of at most
 * {@value #MAX_ITEMS} items, an object of at most {@value #MAX_PROPERTIES} properties, a string of
 * at most {@value #MAX_LENGTH} characters, schemas nested at most {@value #MAX_DEPTH} deep, and
 * arguments of at most {@value #MAX_OUTPUT_CHARS} characters in all. A schema that asks for more is
 * refused ({@link TooLarge}) rather than faked in part: the value would not fit it.
 */
final class SchemaExample {
    static final int MAX_ITEMS = 1_000;
    static final int MAX_PROPERTIES = 1_000;
    static final int MAX_LENGTH = 10_000;
    static final int MAX_DEPTH = 32;
    static final int MAX_OUTPUT_CHARS = 64 * 1024;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * A schema the mock does not fake.
     *
     * @param path where in the schema, e.g. {@code ["properties", "rows", "minItems"]}
     * @param reason what the mock fakes at most
     */
    record TooLarge(List<Object> path, String reason) {
    }

    /** Thrown inside, to stop making a value once it cannot fit. */
    private static final class Refused extends RuntimeException {
        private final transient TooLarge tooLarge;

        Refused(TooLarge tooLarge) {
            super(tooLarge.reason(), null, false, false);
            this.tooLarge = tooLarge;
        }
    }

    private final List<Object> path = new ArrayList<>();
    private long size;

    private SchemaExample() {
    }

    /** A value fitting {@code schema} (an object when the schema is missing), or why the mock does not make one. */
    static Result of(JsonNode schema) {
        SchemaExample example = new SchemaExample();
        try {
            return new Result(example.value(schema, 0), null);
        } catch (Refused refused) {
            return new Result(null, refused.tooLarge);
        }
    }

    /** A value, or the reason there is none. */
    record Result(JsonNode value, TooLarge tooLarge) {
    }

    private JsonNode value(JsonNode schema, int depth) {
        if (depth > MAX_DEPTH) {
            throw refuse(null, "the mock provider fakes schemas nested at most " + MAX_DEPTH + " levels deep");
        }
        if (schema == null || !schema.isObject()) {
            return counted(NODES.objectNode(), 2);
        }
        for (String given : new String[] {"const", "default"}) {
            if (schema.has(given)) {
                return counted(schema.get(given), schema.get(given).toString().length());
            }
        }
        JsonNode enumValues = schema.get("enum");
        if (enumValues != null && enumValues.isArray() && !enumValues.isEmpty()) {
            return counted(enumValues.get(0), enumValues.get(0).toString().length());
        }
        for (String combinator : new String[] {"anyOf", "oneOf", "allOf"}) {
            JsonNode options = schema.get(combinator);
            if (options != null && options.isArray() && !options.isEmpty()) {
                return inside(() -> value(options.get(0), depth + 1), combinator, 0);
            }
        }
        return switch (typeOf(schema)) {
            case "string" -> {
                String text = stringFor(schema);
                yield counted(NODES.textNode(text), text.length() + 2);
            }
            case "integer" -> counted(NODES.numberNode(Math.max(0, schema.path("minimum").asLong(0))), 20);
            case "number" -> counted(NODES.numberNode(Math.max(0.0, finite(schema.path("minimum").asDouble(0.0)))), 24);
            case "boolean" -> counted(NODES.booleanNode(false), 5);
            case "null" -> counted(NODES.nullNode(), 4);
            case "array" -> array(schema, depth);
            default -> object(schema, depth);
        };
    }

    private JsonNode array(JsonNode schema, int depth) {
        long minItems = count(schema, "minItems", 1);
        if (minItems > MAX_ITEMS) {
            throw refuse("minItems", "the mock provider fakes arrays of at most " + MAX_ITEMS + " items");
        }
        ArrayNode array = counted(NODES.arrayNode(), 2);
        for (int i = 0; i < Math.max(1, minItems); i++) {
            array.add(inside(() -> value(schema.get("items"), depth + 1), "items"));
            add(1);
        }
        return array;
    }

    private JsonNode object(JsonNode schema, int depth) {
        long minProperties = count(schema, "minProperties", 0);
        if (minProperties > MAX_PROPERTIES) {
            throw refuse("minProperties", "the mock provider fakes objects of at most " + MAX_PROPERTIES + " properties");
        }
        ObjectNode object = counted(NODES.objectNode(), 2);
        JsonNode properties = schema.get("properties");
        if (properties != null && properties.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (object.size() >= MAX_PROPERTIES) {
                    throw refuse("properties", "the mock provider fakes objects of at most " + MAX_PROPERTIES + " properties");
                }
                add(field.getKey().length() + 4);
                object.set(field.getKey(), inside(() -> value(field.getValue(), depth + 1), "properties", field.getKey()));
            }
        }
        JsonNode additional = schema.get("additionalProperties");
        for (int i = 1; object.size() < minProperties; i++) {
            String name = "mock_" + i;
            if (!object.has(name)) {
                add(name.length() + 4);
                object.set(name, additional != null && additional.isObject()
                        ? inside(() -> value(additional, depth + 1), "additionalProperties")
                        : counted(NODES.textNode("mock"), 6));
            }
        }
        return object;
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
    private String stringFor(JsonNode schema) {
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
            default -> {
                long minLength = count(schema, "minLength", 0);
                if (minLength > MAX_LENGTH) {
                    throw refuse("minLength", "the mock provider fakes strings of at most " + MAX_LENGTH + " characters");
                }
                yield fitted("mock", (int) minLength, count(schema, "maxLength", Integer.MAX_VALUE));
            }
        };
    }

    private static String fitted(String text, int minLength, long maxLength) {
        String padded = text.length() >= minLength ? text : text + "x".repeat(minLength - text.length());
        return padded.length() <= maxLength ? padded : padded.substring(0, (int) Math.max(0, maxLength));
    }

    /** A count keyword's value, {@code fallback} when it is missing or no number; huge ones stay huge. */
    private static long count(JsonNode schema, String keyword, long fallback) {
        JsonNode value = schema.get(keyword);
        if (value == null || !value.isNumber()) {
            return fallback;
        }
        double number = value.asDouble();
        return number >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.max(0, number);
    }

    private static double finite(double value) {
        return Double.isFinite(value) ? value : 0.0;
    }

    private <T extends JsonNode> T counted(T node, long chars) {
        add(chars);
        return node;
    }

    private void add(long chars) {
        size += chars;
        if (size > MAX_OUTPUT_CHARS) {
            throw refuse(null, "the mock provider fakes arguments of at most " + MAX_OUTPUT_CHARS
                    + " characters, and this schema asks for more");
        }
    }

    private JsonNode inside(java.util.function.Supplier<JsonNode> make, Object... at) {
        for (Object part : at) {
            path.add(part);
        }
        JsonNode made = make.get();
        for (Object ignored : at) {
            path.removeLast();
        }
        return made;
    }

    private Refused refuse(String keyword, String reason) {
        List<Object> where = new ArrayList<>(path);
        if (keyword != null) {
            where.add(keyword);
        }
        return new Refused(new TooLarge(List.copyOf(where), reason));
    }
}
