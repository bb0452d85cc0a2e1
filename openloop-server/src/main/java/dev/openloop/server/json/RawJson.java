package dev.openloop.server.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.util.RawValue;
import java.nio.charset.StandardCharsets;

/**
 * JSON text already written out, carried as a {@link JsonNode} that writes it as it is: a body
 * sent to a provider, or its answer, goes on to the log and the v4 answer without being parsed
 * into a tree and written again. Such a node is only written, never read: {@code get} and
 * {@code path} find nothing in it.
 */
public final class RawJson {
    private RawJson() {
    }

    /**
     * A node writing {@code utf8}, which must hold exactly one JSON value in the form
     * {@link Json#MAPPER} writes it (compact).
     */
    public static JsonNode of(byte[] utf8) {
        return of(new String(utf8, StandardCharsets.UTF_8));
    }

    /** A node writing {@code json}, under the same condition as {@link #of(byte[])}. */
    public static JsonNode of(String json) {
        return JsonNodeFactory.instance.rawValueNode(new RawValue(json));
    }
}
