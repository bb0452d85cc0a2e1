package dev.openloop.server.door.v1;

import java.util.Map;

/**
 * The one error type of the {@code /v1} door: an answer in OpenAI's shape,
 * {@code {"error": {"message", "type", "param", "code"}}}, with its status and headers.
 * {@link V1Errors} turns it, and every failure from below the door, into the response.
 */
final class V1Exception extends RuntimeException {
    static final String INVALID_REQUEST = "invalid_request_error";

    private final int status;
    private final String type;
    private final String param;
    private final String code;
    private final Map<String, String> headers;

    V1Exception(int status, String message, String type, String param, String code, Map<String, String> headers) {
        // No stack trace: an answer to a caller, not a fault of the server.
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    /** 400: {@code param} (e.g. {@code messages[0].content}) is wrong as {@code message} says; null when no one field is. */
    static V1Exception invalid(String param, String message) {
        return new V1Exception(400, message, INVALID_REQUEST, param, null, Map.of());
    }

    /** 400 with a code of its own, e.g. {@code unsupported_parameter}. */
    static V1Exception invalid(String param, String message, String code) {
        return new V1Exception(400, message, INVALID_REQUEST, param, code, Map.of());
    }

    /** 404 {@code model_not_found}: {@code model} addresses nothing served here. */
    static V1Exception modelNotFound(String message) {
        return new V1Exception(404, message, INVALID_REQUEST, "model", "model_not_found", Map.of());
    }

    /** 401: no key, or one this node does not know. */
    static V1Exception unauthorized(String message) {
        return new V1Exception(401, message, INVALID_REQUEST, null, "invalid_api_key", Map.of());
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    String param() {
        return param;
    }

    String code() {
        return code;
    }

    Map<String, String> headers() {
        return headers;
    }
}
