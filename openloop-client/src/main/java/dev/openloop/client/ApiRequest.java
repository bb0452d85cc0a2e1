package dev.openloop.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One API operation to send: every group of the client describes its calls with this, and the
 * {@link Transport} does the rest (URL, headers, JSON, retries, errors).
 *
 * @param method the HTTP method
 * @param path the path under the base path, starting with {@code /}, its segments already encoded
 *     (see {@link #path})
 * @param query query parameters; a name may repeat, e.g. {@code id=a&id=b}
 * @param body the JSON body, or {@code null} for none
 */
record ApiRequest(String method, String path, Map<String, List<String>> query, Object body) {

    /** A POST of a JSON body. */
    static ApiRequest post(String path, Object body) {
        return new ApiRequest("POST", path, Map.of(), body);
    }

    /** A GET with query parameters. */
    static ApiRequest get(String path, Map<String, List<String>> query) {
        return new ApiRequest("GET", path, query, null);
    }

    /** A GET without query parameters. */
    static ApiRequest get(String path) {
        return get(path, Map.of());
    }

    /** A PATCH of a JSON body. */
    static ApiRequest patch(String path, Object body) {
        return new ApiRequest("PATCH", path, Map.of(), body);
    }

    /** A DELETE with query parameters. */
    static ApiRequest delete(String path, Map<String, List<String>> query) {
        return new ApiRequest("DELETE", path, query, null);
    }

    /** A DELETE without query parameters. */
    static ApiRequest delete(String path) {
        return delete(path, Map.of());
    }

    /** The same request with these query parameters. */
    ApiRequest withQuery(Map<String, List<String>> parameters) {
        return new ApiRequest(method, path, parameters, body);
    }

    /**
     * A path with each {@code {}} of {@code template} replaced by the next value, encoded as one
     * path segment: an id is safe as it is, but an environment id or any value a caller made up may
     * hold a {@code /}, {@code ?} or {@code #} that would otherwise change which resource is asked for.
     *
     * @throws IllegalArgumentException when a value is null or blank (it would name another
     *     resource, e.g. {@code /projects/} instead of a project)
     */
    static String path(String template, String... values) {
        StringBuilder path = new StringBuilder();
        int from = 0;
        for (String value : values) {
            int at = template.indexOf("{}", from);
            if (at < 0) {
                throw new IllegalStateException("more values than placeholders in " + template);
            }
            path.append(template, from, at).append(segment(value));
            from = at + 2;
        }
        if (template.indexOf("{}", from) >= 0) {
            throw new IllegalStateException("fewer values than placeholders in " + template);
        }
        return path.append(template.substring(from)).toString();
    }

    private static String segment(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("An id in the path must not be null or blank");
        }
        String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
        // "." and ".." are left alone by the encoder but mean "here" and "up" in a path.
        return encoded.chars().allMatch(c -> c == '.') ? encoded.replace(".", "%2E") : encoded;
    }

    /** How the request is named in messages: method and path, never the body. */
    String describe() {
        return method + " " + path;
    }
}
