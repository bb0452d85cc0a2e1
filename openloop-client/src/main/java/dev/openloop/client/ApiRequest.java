package dev.openloop.client;

import java.util.List;
import java.util.Map;

/**
 * One API operation to send: every group of the client describes its calls with this, and the
 * {@link Transport} does the rest (URL, headers, JSON, retries, errors).
 *
 * @param method the HTTP method
 * @param path the path under the base path, starting with {@code /}
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

    /** How the request is named in messages: method and path, never the body. */
    String describe() {
        return method + " " + path;
    }
}
