package dev.openloop.server.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.json.Json;
import dev.openloop.server.provider.http.ProviderHttp;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Google's error bodies: {@code {"error": {"code", "message", "status", "details": [...]}}}
 * (some of its front ends wrap the object in a one-item array).
 *
 * <p>The statuses keep their meaning (400 {@code INVALID_ARGUMENT} and {@code FAILED_PRECONDITION},
 * 403 {@code PERMISSION_DENIED}, 404, 429 {@code RESOURCE_EXHAUSTED}, 500 {@code INTERNAL},
 * 503 {@code UNAVAILABLE}, 504 {@code DEADLINE_EXCEEDED}) but one: Google answers a key it does not
 * know with a 400 {@code INVALID_ARGUMENT} whose details give the reason {@value #KEY_INVALID}.
 * That is the caller's key refused, which every other provider answers with a 401, so it is taken
 * as one: a 422 would send the caller looking for a mistake in the request. A 429 says how long to
 * wait in its body ({@link #retryAfterOf}), which is honoured as a {@code Retry-After} would be.
 */
final class GoogleErrors implements ProviderHttp.ErrorReader {
    /** The reason in an error's details for a key Google does not know. */
    static final String KEY_INVALID = "API_KEY_INVALID";
    /** A protobuf duration in seconds, as JSON writes it. */
    private static final Pattern DELAY = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,9})?)s");

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

    /**
     * The {@code retryDelay} of a {@code RetryInfo} detail (a protobuf duration such as
     * {@code "7s"} or {@code "0.5s"}) in whole seconds, rounded up; Google sends its 429s with it
     * and often without a {@code Retry-After} header. {@code null} when there is none.
     */
    @Override
    public String retryAfterOf(byte[] body) {
        for (JsonNode detail : error(new String(body, StandardCharsets.UTF_8)).path("details")) {
            Matcher delay = DELAY.matcher(detail.path("retryDelay").asText(""));
            if (delay.matches()) {
                return new BigDecimal(delay.group(1)).setScale(0, RoundingMode.CEILING).toPlainString();
            }
        }
        return null;
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
