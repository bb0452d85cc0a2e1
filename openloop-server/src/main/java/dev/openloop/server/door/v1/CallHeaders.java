package dev.openloop.server.door.v1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.http.ApiException;
import dev.openloop.server.web.InputLimits;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.json.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@code /v1} call says of OpenLoop's own notions, which OpenAI's body has no field for:
 * the headers {@code OpenLoop-Project}, {@code OpenLoop-Session-Reference-Id},
 * {@code OpenLoop-Parent-Id}, {@code OpenLoop-Metadata} (a JSON object) and
 * {@code OpenLoop-Save: false}.
 *
 * @param project the project of an inline or registered config's logs; null when not given
 * @param sessionReferenceId the caller's own session key; null when not given
 * @param parentId the parent log ({@code data_…}); null when not given
 * @param metadata what to keep with the logs; empty when not given
 * @param save false to keep the logs without their texts; null when not given
 */
record CallHeaders(String project, String sessionReferenceId, String parentId, Map<String, Object> metadata, Boolean save) {

    /** The headers of {@code req}; a 400 naming the header when one cannot be read. */
    static CallHeaders of(ServerRequest req) {
        return new CallHeaders(
                header(req, ParamNames.PROJECT_HEADER),
                header(req, ParamNames.SESSION_HEADER),
                header(req, ParamNames.PARENT_HEADER),
                metadata(header(req, ParamNames.METADATA_HEADER)),
                save(header(req, ParamNames.SAVE_HEADER)));
    }

    private static String header(ServerRequest req, String name) {
        String value = req.headers().first(HeaderNames.create(name)).map(String::strip).orElse(null);
        return value == null || value.isEmpty() ? null : value;
    }

    private static Map<String, Object> metadata(String header) {
        if (header == null) {
            return Map.of();
        }
        JsonNode node;
        try {
            // Read as a body is, so that text no store can keep is refused here too.
            node = RequestBodies.read(header.getBytes(StandardCharsets.UTF_8), JsonNode.class, RequestBodies.Extras.IGNORE,
                    (value, problems) -> { }, InputLimits.DEFAULTS);
        } catch (ApiException e) {
            throw V1Exception.invalid(ParamNames.METADATA_HEADER, ParamNames.METADATA_HEADER + " must be a JSON object of text"
                    + " a store can keep");
        }
        if (node == null || !node.isObject()) {
            throw V1Exception.invalid(ParamNames.METADATA_HEADER, ParamNames.METADATA_HEADER + " must be a JSON object");
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> metadata.put(field.getKey(), Json.MAPPER.convertValue(field.getValue(), Object.class)));
        return metadata;
    }

    private static Boolean save(String header) {
        if (header == null) {
            return null;
        }
        return switch (header.toLowerCase(java.util.Locale.ROOT)) {
            case "false" -> false;
            case "true" -> true;
            default -> throw V1Exception.invalid(ParamNames.SAVE_HEADER, ParamNames.SAVE_HEADER + " is true or false, not '"
                    + header + "'");
        };
    }
}
