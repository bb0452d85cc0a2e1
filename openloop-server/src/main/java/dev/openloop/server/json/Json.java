package dev.openloop.server.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.util.RecyclerPool;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openloop.api.json.WireJson;
import java.util.Map;

/**
 * The server's JSON: one strict mapper, and the reading and writing of JSON text with it. Every
 * part of the server uses it (doors, stores, providers); how a door sends JSON answers is the
 * door's ({@code http/JsonAnswers}).
 */
public final class Json {
    /**
     * The buffers every parser and generator of the server's mappers borrow and give back. Jackson's
     * default keeps them per thread, but every request runs on a new virtual thread, so each parse
     * and each write allocated its buffers afresh, and each stream held open pinned its own set
     * (about 25 KB); a pool shared by all threads reuses them. It is bounded so that a burst of
     * concurrent requests does not leave that many sets behind.
     */
    private static final RecyclerPool<BufferRecycler> BUFFERS = JsonRecyclerPools.newBoundedPool(256);

    /** The mapper every part of the server uses. */
    public static final ObjectMapper MAPPER = pooled(WireJson.strict());

    private Json() {
    }

    /**
     * {@code mapper}, its parsers and generators taking their buffers from the server's shared pool
     * rather than from the current thread; copies of it ({@link ObjectMapper#copy()}) share the pool.
     */
    public static ObjectMapper pooled(ObjectMapper mapper) {
        mapper.getFactory().setRecyclerPool(BUFFERS);
        return mapper;
    }

    /** {@code value} as JSON bytes. */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** {@code value} as a JSON string; {@code null} stays {@code null}. */
    public static String text(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Reads JSON text written by this server (from the database); {@code null} stays {@code null}. */
    public static <T> T parse(String json, Class<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON does not read as " + type.getSimpleName(), e);
        }
    }

    /** Reads stored JSON as a tree; {@code null} stays {@code null}. */
    public static JsonNode tree(String json) {
        if (json == null) {
            return null;
        }
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON does not parse", e);
        }
    }

    /** Reads stored JSON as a map; {@code null} stays {@code null}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(String json) {
        return json == null ? null : parse(json, Map.class);
    }
}
