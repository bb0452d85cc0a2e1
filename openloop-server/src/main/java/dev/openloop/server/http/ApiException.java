package dev.openloop.server.http;

import dev.openloop.api.error.ProviderErrorDetail;
import dev.openloop.api.error.ValidationError;
import dev.openloop.server.provider.ProviderFailure;
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

    /** 409: the request conflicts with what is stored. */
    public static ApiException conflict(String why) {
        return new ApiException(409, why, why, Map.of());
    }

    /** 400: the request cannot be served as asked, e.g. nothing is deployed. */
    public static ApiException badRequest(String why) {
        return new ApiException(400, why, why, Map.of());
    }

    /** 501: a v4 endpoint OpenLoop does not serve; {@code why} names it and says where that is explained. */
    public static ApiException notImplemented(String why) {
        return new ApiException(501, why, why, Map.of());
    }

    /** 503: the server cannot take the request now; {@code Retry-After} says when to try again. */
    public static ApiException unavailable(String why) {
        return new ApiException(503, why, why, Map.of("Retry-After", String.valueOf(ErrorResponses.UNAVAILABLE_RETRY_AFTER_SECONDS)));
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
     * The v4 answer to a provider failure (spec §7): the one place a {@link ProviderFailure.Kind}
     * becomes a status and a {@code type}. A provider's fault is never a 500: a rate limit stays
     * 429, an overload 503, a timeout is 504, anything else the provider broke is 502.
     */
    public static ApiException provider(ProviderFailure failure) {
        int status = switch (failure.kind()) {
            case INVALID_REQUEST, UNSUPPORTED_PROVIDER -> 422;
            case AUTHENTICATION -> 401;
            case BILLING -> 402;
            case PERMISSION -> 403;
            case NOT_FOUND -> 404;
            case TIMEOUT -> 504;
            case REQUEST_TOO_LARGE -> 413;
            case RATE_LIMITED -> 429;
            case UNAVAILABLE -> 503;
            case BAD_GATEWAY -> 502;
            case MISSING_API_KEY, INVALID_API_KEY, MISSING_SETTING -> 400;
        };
        String type = switch (failure.kind()) {
            case INVALID_REQUEST -> "unprocessable_entity_error";
            case AUTHENTICATION -> "authentication_error";
            case BILLING -> "billing_error";
            case PERMISSION -> "permission_error";
            case NOT_FOUND -> "not_found_error";
            case TIMEOUT -> "timeout_error";
            case REQUEST_TOO_LARGE -> "request_too_large_error";
            case RATE_LIMITED -> "rate_limit_error";
            case UNAVAILABLE -> "service_unavailable_error";
            case BAD_GATEWAY -> "bad_gateway_error";
            case MISSING_API_KEY -> "missing_api_key";
            case INVALID_API_KEY -> "invalid_api_key";
            case MISSING_SETTING -> "missing_setting";
            case UNSUPPORTED_PROVIDER -> "unsupported_provider";
        };
        Map<String, String> headers = failure.retryAfter() == null ? Map.of() : Map.of("Retry-After", failure.retryAfter());
        ApiException answer = provider(new ProviderErrorDetail(type, failure.message(), status, failure.origin()), headers);
        return failure.clientMayRetry() ? answer.leavingRetryToClient() : answer;
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
