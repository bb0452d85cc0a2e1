package dev.openloop.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks answers against schemas of the v4.0.1 OpenAPI document, kept (descriptions removed) under
 * {@code src/test/resources/v4}. It reads the part of OpenAPI 3.0 those schemas use: {@code type},
 * {@code required}, {@code properties}, {@code items}, {@code $ref} and {@code allOf}. A required
 * property must be present and not null; an optional one may be null, as OpenLoop writes every key.
 */
public final class V4Schemas {
    private final JsonNode schemas;

    private V4Schemas(JsonNode schemas) {
        this.schemas = schemas;
    }

    /** The schemas in {@code v4/<file>}. */
    public static V4Schemas load(String file) {
        try (InputStream in = V4Schemas.class.getResourceAsStream("/v4/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no schema file " + file);
            }
            return new V4Schemas(TestServer.JSON.readTree(in).path("components").path("schemas"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What in {@code value} does not fit the schema {@code name}; empty when it fits. */
    public List<String> problems(JsonNode value, String name) {
        List<String> problems = new ArrayList<>();
        check(value, named(name), "$", problems);
        return problems;
    }

    private JsonNode named(String name) {
        JsonNode schema = schemas.get(name);
        if (schema == null) {
            throw new IllegalArgumentException("no schema " + name);
        }
        return schema;
    }

    private void check(JsonNode value, JsonNode schema, String at, List<String> problems) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            check(value, named(ref.substring(ref.lastIndexOf('/') + 1)), at, problems);
            return;
        }
        for (JsonNode part : schema.path("allOf")) {
            check(value, part, at, problems);
        }
        String type = schema.path("type").asText(null);
        if (type != null && !fits(value, type)) {
            problems.add(at + ": expected " + type + ", got " + value);
            return;
        }
        if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                JsonNode present = value.get(required.asText());
                if (present == null || present.isNull()) {
                    problems.add(at + "." + required.asText() + ": required");
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> property = it.next();
                JsonNode present = value.get(property.getKey());
                if (present != null && !present.isNull()) {
                    check(present, property.getValue(), at + "." + property.getKey(), problems);
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), schema.get("items"), at + "[" + i + "]", problems);
            }
        }
    }

    private static boolean fits(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }
}
