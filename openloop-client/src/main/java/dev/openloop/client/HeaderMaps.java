package dev.openloop.client;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Response headers as a plain map: the JDK's {@code HttpHeaders} cannot be serialized, and an
 * exception that holds headers must survive serialization whole.
 */
final class HeaderMaps {
    private HeaderMaps() {
    }

    /** An unmodifiable, serializable copy, its names compared ignoring case as in HTTP. */
    static Map<String, List<String>> copyOf(Map<String, List<String>> headers) {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, values) -> copy.merge(name, List.copyOf(values), HeaderMaps::both));
        }
        return Collections.unmodifiableMap(copy);
    }

    private static List<String> both(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
