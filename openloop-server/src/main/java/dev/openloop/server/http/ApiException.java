package dev.openloop.server.http;

import dev.openloop.api.error.ProviderErrorDetail;
import dev.openloop.api.error.ValidationError;
import java.util.List;
import java.util.Map;

/**
 * The one error type of the server. It carries the HTTP status and the {@code detail} the caller
 * gets back; {@link ErrorResponses} turns it into the response, in one place.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final Object detail;
    private final Map<String, String> headers;
    private final boolean tellsClientNotToRetry;

    private ApiException(int status, String message, Object detail, Map<String, String> headers,
            boolean tellsClientNotToRetry) {
        // No stack trace: these are answers to callers, not faults of the server.
        super(message, null, false, false);
        this.status = status;
        this.detail = detail;
        this.headers = headers;
        this.tellsClientNotToRetry = tellsClientNotToRetry;
    }

    private ApiException(int status, String message, Object detail, Map<String, String> headers) {
        this(status, message, detail, headers, false);
    }

    /** 422 with the given problems. */
    public static ApiException validation(List<ValidationError> errors) {
        return new ApiException(422, "invalid request", List.copyOf(errors), Map.of());
    }

    /** 422 with one problem. */
    public static ApiException validation(List<Object> loc, String msg, String type) {
        return validation(List.of(new ValidationError(loc, msg, type)));
    }

    /** 404: {@code what} names the missing thing, e.g. "Project pr_x not found". */
    public static ApiException notFound(String what) {
        return new ApiException(404, what, what, Map.of());
    }

    /** 405: the path exists, not with this method; {@code allowed} lists those it takes, e.g. "POST". */
    public static ApiException methodNotAllowed(String allowed) {
        return new ApiException(405, "Method Not Allowed", "Method Not Allowed", Map.of("Allow", allowed));
    }

    /** 401. */
    public static ApiException unauthorized(String why) {
        return new ApiException(401, why, why, Map.of());
    }

    /** 403: the caller may not do this. */
    public static ApiException forbidden(String why) {
        return new ApiException(403, why, why, Map.of());
    }

    /** 409: the request conflicts with what is stored. */
    public static ApiException conflict(String why) {
        return new ApiException(409, why, why, Map.of());
    }

    /** 400: the request cannot be served as asked, e.g. nothing is deployed. */
    public static ApiException badRequest(String why) {
        return new ApiException(400, why, why, Map.of());
    }

    /**
     * 400: the request's body could not be framed (a chunked transfer coding that does not parse).
     * Where it ends is unknown, so the connection is closed after the answer.
     */
    public static ApiException unframedBody(String why) {
        return new ApiException(400, why, why, Map.of("Connection", "close"));
    }

    /** 501: a v4 endpoint OpenLoop does not serve; {@code why} names it and says where that is explained. */
    public static ApiException notImplemented(String why) {
        return new ApiException(501, why, why, Map.of());
    }

    /** 503: the server cannot take the request now; {@code Retry-After} says when to try again. */
    public static ApiException unavailable(String why) {
        return new ApiException(503, why, why, Map.of("Retry-After", String.valueOf(ErrorResponses.UNAVAILABLE_RETRY_AFTER_SECONDS)));
    }

    /** 429: a limit of the caller's key or project is reached; {@code Retry-After} says when its window starts again. */
    public static ApiException limited(String why, long retryAfterSeconds) {
        return new ApiException(429, why, why, Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
    }

    /**
     * A failed provider call, answered with {@code status} and the detail object of spec §7. It
     * tells the client not to retry: the server has already retried the call as far as its policy
     * allows, or retrying cannot help, and a client retrying on top of that multiplies the calls
     * to the provider. {@link #leavingRetryToClient()} takes that back.
     */
    public static ApiException provider(ProviderErrorDetail detail, Map<String, String> headers) {
        return new ApiException(detail.code(), detail.message(), detail, Map.copyOf(headers), true);
    }

    /**
     * The same failure without the advice not to retry: for when the server passed the
     * provider's {@code Retry-After} on instead of waiting for it, so the client may wait and retry.
     */
    public ApiException leavingRetryToClient() {
        return new ApiException(status, getMessage(), detail, headers, false);
    }

    /** The HTTP status to answer with. */
    public int status() {
        return status;
    }

    /** What goes under {@code detail} in the body: a string, a list of problems, or an object. */
    public Object detail() {
        return detail;
    }

    /** Extra response headers, e.g. {@code Retry-After}. */
    public Map<String, String> headers() {
        return headers;
    }

    /** Whether the answer tells the client not to send the request again ({@code x-should-retry: false}). */
    public boolean tellsClientNotToRetry() {
        return tellsClientNotToRetry;
    }
}
