package dev.openloop.server.door.v1;

import dev.openloop.api.error.ValidationError;
import dev.openloop.server.http.ApiException;
import dev.openloop.server.http.DoorErrors;
import dev.openloop.server.http.ErrorResponses;
import dev.openloop.server.web.JsonAnswers;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.provider.ProviderFailure;
import dev.openloop.server.web.ProviderStatuses;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one place a failure becomes an answer of the {@code /v1} door, in OpenAI's shape
 * {@code {"error": {"message", "type", "param", "code"}}} and with OpenAI's statuses: a problem
 * with the request is a 400 naming the {@code param}, an unknown model a 404
 * {@code model_not_found}, and a provider's failure keeps its status (a rate limit 429 with
 * {@code Retry-After}, a provider's fault 502, 503 or 504) with the provider in {@code code}.
 */
final class V1Errors {
    /** When a client should try again after the node said it cannot serve now. */
    private static final int UNAVAILABLE_RETRY_AFTER_SECONDS = 5;
    /** The door's shape for the errors the node's own error handling answers on {@code /v1} paths. */
    static final DoorErrors DOOR = new DoorErrors() {
        @Override
        public Object body(int status, String message) {
            return V1Errors.body(new V1Exception(status, message, typeOf(status), null, null, Map.of()));
        }

        @Override
        public void write(ServerResponse res, RuntimeException failure) {
            V1Errors.write(res, of(failure, false));
        }
    };

    private V1Errors() {
    }

    /** {@code failure} as the door's error; {@code parentGiven} says whether a 404 may be about the parent header rather than the model. */
    static V1Exception of(RuntimeException failure, boolean parentGiven) {
        return switch (failure) {
            case V1Exception own -> own;
            case ProviderFailure provider -> fromProvider(provider);
            case Refusal refusal -> fromRefusal(refusal, parentGiven);
            case ApiException api -> fromApi(api, parentGiven);
            default -> throw failure;
        };
    }

    /** Writes {@code e} as the response. */
    static void write(ServerResponse res, V1Exception e) {
        e.headers().forEach(res::header);
        JsonAnswers.send(res, e.status(), body(e));
    }

    /** The body of {@code e}: also the data of the last event of a stream that failed. */
    static Map<String, Object> body(V1Exception e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", e.getMessage());
        error.put("type", e.type());
        error.put("param", e.param());
        error.put("code", e.code());
        return Map.of("error", error);
    }

    /**
     * A provider's failure keeps the status its kind has in every door (a rate limit 429, an
     * overload 503, a timeout 504, any other fault of the provider 502), a refusal of the request
     * by the provider is a 400, and {@code code} names the provider.
     */
    private static V1Exception fromProvider(ProviderFailure failure) {
        int status = ProviderStatuses.of(failure.kind());
        if (status == ProviderStatuses.REFUSED_REQUEST) {
            status = 400; // OpenAI's protocol answers every problem with the request with a 400
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (failure.retryAfter() != null) {
            headers.put("Retry-After", failure.retryAfter());
        }
        if (!failure.clientMayRetry()) {
            // The node has retried as far as its policy allows: a client's retries would multiply the calls.
            headers.put(ErrorResponses.SHOULD_RETRY, "false");
        }
        return new V1Exception(status, failure.getMessage(), typeOf(status), null, failure.origin(), headers);
    }

    private static V1Exception fromRefusal(Refusal refusal, boolean parentGiven) {
        String message = refusal.getMessage();
        return switch (refusal.kind()) {
            case INVALID -> invalid(refusal.problems().stream()
                    .map(problem -> new ValidationError(problem.path(), problem.message(), problem.type())).toList());
            case NOT_FOUND -> notFound(message, parentGiven, Map.of());
            case CONFLICT, NOT_SERVABLE -> new V1Exception(400, message, V1Exception.INVALID_REQUEST, null, null, Map.of());
            case UNAVAILABLE -> new V1Exception(503, message, typeOf(503), null, null,
                    Map.of("Retry-After", String.valueOf(UNAVAILABLE_RETRY_AFTER_SECONDS)));
            case UNAUTHORIZED -> new V1Exception(401, message, V1Exception.INVALID_REQUEST, null, "invalid_api_key", Map.of());
            case FORBIDDEN -> new V1Exception(403, message, typeOf(403), null, null, Map.of());
            case LIMITED -> new V1Exception(429, message, typeOf(429), null, "rate_limit_exceeded",
                    Map.of("Retry-After", String.valueOf(refusal.retryAfterSeconds())));
        };
    }

    /** A 404: about the {@code OpenLoop-Parent-Id} header when the call gave one and the message names a log, else about the model. */
    private static V1Exception notFound(String message, boolean parentGiven, Map<String, String> headers) {
        return parentGiven && aboutTheParent(message)
                ? new V1Exception(404, message, V1Exception.INVALID_REQUEST, ParamNames.PARENT_HEADER, "not_found", headers)
                : new V1Exception(404, message, V1Exception.INVALID_REQUEST, "model", "model_not_found", headers);
    }

    /** The binding's answers: a body that is no JSON, or JSON past the node's limits. */
    private static V1Exception fromApi(ApiException api, boolean parentGiven) {
        Map<String, String> headers = new LinkedHashMap<>(api.headers());
        if (api.tellsClientNotToRetry()) {
            headers.put(ErrorResponses.SHOULD_RETRY, "false");
        }
        if (api.detail() instanceof List<?> problems) {
            return invalid(problems);
        }
        String message = api.getMessage();
        return switch (api.status()) {
            case 404 -> notFound(message, parentGiven, headers);
            case 401 -> new V1Exception(401, message, V1Exception.INVALID_REQUEST, null, "invalid_api_key", headers);
            case 422, 400, 409 -> new V1Exception(400, message, V1Exception.INVALID_REQUEST, null, null, headers);
            default -> new V1Exception(api.status(), message, typeOf(api.status()), null, null, headers);
        };
    }

    /** The problems of a v4 validation as one 400: the first names the {@code param}, the message tells them all. */
    private static V1Exception invalid(List<?> problems) {
        List<ValidationError> errors = problems.stream()
                .filter(ValidationError.class::isInstance).map(ValidationError.class::cast).toList();
        if (errors.isEmpty()) {
            return V1Exception.invalid(null, "The request is invalid");
        }
        String message = errors.stream()
                .map(error -> {
                    String param = ParamNames.of(error.loc());
                    return param == null ? error.msg() : param + ": " + error.msg();
                })
                .collect(Collectors.joining("; "));
        return V1Exception.invalid(ParamNames.of(errors.getFirst().loc()), message);
    }

    private static boolean aboutTheParent(String message) {
        return message != null && (message.startsWith("Parent log") || message.startsWith("No log has reference_id"));
    }

    /** OpenAI's {@code type} for a status. */
    static String typeOf(int status) {
        return switch (status) {
            case 400, 404, 409, 413, 422 -> V1Exception.INVALID_REQUEST;
            case 401 -> "authentication_error";
            case 402 -> "insufficient_quota";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : V1Exception.INVALID_REQUEST;
        };
    }
}
