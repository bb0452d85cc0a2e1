package dev.openloop.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openloop.api.json.WireJson;

/**
 * The SDK's JSON mapper: the wire model's settings, reading leniently so that fields a newer
 * server adds do not break an older client (they stay in the raw JSON).
 */
final class Json {
    static final ObjectMapper MAPPER = WireJson.lenient();

    private Json() {
    }
}
