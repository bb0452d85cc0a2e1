package dev.openloop.client;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the query parameters of one call, in order; a parameter left {@code null} is not sent,
 * so the server applies its default.
 */
final class Query {
    private final Map<String, List<String>> parameters = new LinkedHashMap<>();

    /** {@code name=value}, unless {@code value} is null. */
    Query add(String name, Object value) {
        if (value != null) {
            parameters.put(name, List.of(String.valueOf(value)));
        }
        return this;
    }

    /** {@code name=a&name=b...}, one for each value. */
    Query addEach(String name, Collection<String> values) {
        parameters.put(name, List.copyOf(values));
        return this;
    }

    Map<String, List<String>> toMap() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
}
