package dev.openloop.api.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import java.io.IOException;
import java.util.List;

/**
 * A problem a hand-written deserializer found inside the value it reads, such as a missing field,
 * which Jackson's own problem hooks have no place for.
 *
 * <p>It travels through {@link DeserializationContext#handleWeirdNativeValue}: a problem handler
 * that knows this type notes it at the location of the value being read followed by {@link #loc};
 * without such a handler, binding fails.
 *
 * @param loc where the problem is, relative to the value being read (empty: the value itself)
 * @param msg what is wrong, for the caller
 * @param type FastAPI's error type, e.g. {@code value_error.missing}
 */
public record NestedProblem(List<Object> loc, String msg, String type) {

    /** Keeps an unmodifiable copy of {@code loc}. */
    public NestedProblem {
        loc = List.copyOf(loc);
    }

    /**
     * A required field missing at {@code loc}.
     *
     * @param loc where the problem is, under the value
     * @return the problem
     */
    public static NestedProblem missing(Object... loc) {
        return new NestedProblem(List.of(loc), "field required", "value_error.missing");
    }

    /**
     * Reports this problem of a {@code target} value. The parser must stand on the value's last
     * token (its closing brace or bracket for an object or array), so that the value's location is
     * the parser's.
     *
     * @param ctxt the context of the reading
     * @param p the parser, on the value
     * @param target the type being read
     * @return what the handler puts in the value's place, {@code null} here
     * @throws IOException when the context ends the reading with this problem, as it does unless a
     *     handler takes it
     */
    public Object report(DeserializationContext ctxt, JsonParser p, Class<?> target) throws IOException {
        return ctxt.handleWeirdNativeValue(ctxt.constructType(target), this, p);
    }
}
