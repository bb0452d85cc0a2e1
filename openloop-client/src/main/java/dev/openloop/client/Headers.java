package dev.openloop.client;

import java.io.Serial;
import java.io.Serializable;
import java.net.http.HttpHeaders;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Response headers: an unmodifiable map from each name to its values, whose names are compared
 * ignoring case as HTTP says, so {@code get("content-type")} finds {@code Content-Type}. It also
 * has the look-ups of the JDK's {@link HttpHeaders} ({@link #firstValue}, {@link #allValues}), and
 * {@link #toHttpHeaders()} gives that type itself.
 *
 * <pre>{@code
 * Headers headers = response.headers();
 * System.out.println(headers);                              // {content-type=[application/json], ...}
 * String type = headers.firstValue("Content-Type").orElse("");
 * List<String> values = headers.get("x-request-id");        // null when absent, as any map
 * }</pre>
 *
 * <p>It survives Java serialization, unlike {@link HttpHeaders}.
 */
public final class Headers extends AbstractMap<String, List<String>> implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** No headers. */
    public static final Headers EMPTY = new Headers(Map.of());

    /** Names compared ignoring case, in the order of {@link String#CASE_INSENSITIVE_ORDER}; unmodifiable. */
    private final Map<String, List<String>> map;

    private Headers(Map<String, List<String>> headers) {
        this.map = HeaderMaps.copyOf(headers);
    }

    /**
     * Headers with these names and values; names that differ only in case are merged.
     *
     * @param headers each name with its values; {@code null} for none
     * @return the headers
     */
    public static Headers of(Map<String, List<String>> headers) {
        return new Headers(headers);
    }

    /**
     * The headers of a JDK response.
     *
     * @param headers the JDK's headers
     * @return the same names and values
     */
    public static Headers of(HttpHeaders headers) {
        return new Headers(headers.map());
    }

    /**
     * The first value of a header.
     *
     * @param name the header's name, in any case
     * @return its first value; empty when the header is absent
     */
    public Optional<String> firstValue(String name) {
        List<String> values = map.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /**
     * The first value of a header, as a number.
     *
     * @param name the header's name, in any case
     * @return its first value; empty when the header is absent
     * @throws NumberFormatException when the value is not a whole number
     */
    public OptionalLong firstValueAsLong(String name) {
        Optional<String> value = firstValue(name);
        return value.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value.get().strip()));
    }

    /**
     * Every value of a header.
     *
     * @param name the header's name, in any case
     * @return its values, in the order received; empty when the header is absent
     */
    public List<String> allValues(String name) {
        return map.getOrDefault(name, List.of());
    }

    /**
     * The headers as a map, which they already are: kept for code written against
     * {@link HttpHeaders#map()}.
     *
     * @return this
     */
    public Map<String, List<String>> map() {
        return this;
    }

    /**
     * The same headers as the JDK's type.
     *
     * @return a new {@link HttpHeaders}
     */
    public HttpHeaders toHttpHeaders() {
        return HttpHeaders.of(map, (name, value) -> true);
    }

    @Override
    public List<String> get(Object name) {
        return name instanceof String text ? map.get(text) : null;
    }

    @Override
    public boolean containsKey(Object name) {
        return name instanceof String text && map.containsKey(text);
    }

    @Override
    public Set<Entry<String, List<String>>> entrySet() {
        return map.entrySet();
    }

    @Override
    public int size() {
        return map.size();
    }
}
