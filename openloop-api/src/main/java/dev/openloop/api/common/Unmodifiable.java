package dev.openloop.api.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies that the wire model's records keep, so that a record is immutable whoever built it: a
 * builder, a caller with a map of its own, or Jackson reading a body.
 *
 * <p>Unlike {@link List#copyOf} and {@link Map#copyOf}, these keep {@code null} items and values:
 * JSON has them ({@code "inputs": {"name": null}}), and the server must see them to report them.
 * Order is kept. The copy is shallow: a map nested in a value stays the caller's.
 */
public final class Unmodifiable {
    private Unmodifiable() {
    }

    /**
     * An unmodifiable copy of {@code map}, in its order; {@code null} for {@code null}.
     *
     * @param map the map
     * @param <K> the type of its keys
     * @param <V> the type of its values
     * @return an unmodifiable copy of {@code map}, in its order; {@code null} for {@code null}
     */
    public static <K, V> Map<K, V> copyOf(Map<K, V> map) {
        return map == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /**
     * An unmodifiable copy of {@code list}; {@code null} for {@code null}.
     *
     * @param list the list
     * @param <T> the type of its items
     * @return an unmodifiable copy of {@code list}; {@code null} for {@code null}
     */
    public static <T> List<T> copyOf(List<T> list) {
        return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
    }
}
