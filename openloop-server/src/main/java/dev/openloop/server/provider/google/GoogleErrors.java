package dev.openloop.server.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.json.Json;
import dev.openloop.server.provider.http.ProviderHttp;
import java.nio.charset.StandardCharsets;

/**
 * Reads Google's error bodies: {@code {"error": {"code", "message", "status", "details": [...]}}}
 * (some of its front ends wrap the object in a one-item array).
 *
 * <p>The statuses keep their meaning (400 {@code INVALID_ARGUMENT} and {@code FAILED_PRECONDITION},
 * 403 {@code PERMISSION_DENIED}, 404, 429 {@code RESOURCE_EXHAUSTED}, 500 {@code INTERNAL},
 * 503 {@code UNAVAILABLE}, 504 {@code DEADLINE_EXCEEDED}) but one: Google answers a key it does not
 * know with a 400 {@code INVALID_ARGUMENT} whose details give the reason {@value #KEY_INVALID}.
 * That is the caller's key refused, which every other provider answers with a 401, so it is taken
 * as one: a 422 would send the caller looking for a mistake in the request.
 */
final class GoogleErrors implements ProviderHttp.ErrorReader {
    /** The reason in an error's details for a key Google does not know. */
    static final String KEY_INVALID = "API_KEY_INVALID";

    @Override
    public String messageOf(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        JsonNode error = error(text);
        if (error.path("message").isTextual()) {
            return error.get("message").asText();
        }
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

    @Override
    public int statusOf(int status, byte[] body) {
        if (status != 400) {
            return status;
        }
        for (JsonNode detail : error(new String(body, StandardCharsets.UTF_8)).path("details")) {
            if (KEY_INVALID.equals(detail.path("reason").asText())) {
                return 401;
            }
        }
        return status;
    }

    /** The error object of a body; a missing node when the body has none. */
    static JsonNode error(String text) {
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node != null && node.isArray() && !node.isEmpty()) {
                node = node.get(0);
            }
            return node == null ? Json.MAPPER.missingNode() : node.path("error");
        } catch (Exception notJson) {
            return Json.MAPPER.missingNode();
        }
    }
}
