package dev.openloop.server.door.v4;

import dev.openloop.api.error.ProviderErrorDetail;
import dev.openloop.api.error.ValidationError;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.http.ApiException;
import dev.openloop.server.http.DoorErrors;
import dev.openloop.server.http.ErrorResponses;
import dev.openloop.server.http.ErrorShapes;
import dev.openloop.server.provider.ProviderFailure;
import dev.openloop.server.web.ProviderStatuses;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The one place where the node's failures become v4 answers: a {@link Refusal} (what the node
 * will not serve) and a {@link ProviderFailure} (what a provider would not or could not do) each
 * get v4's status and {@code detail}. A refusal's problem paths, in the core's terms, become v4
 * {@code loc}s under {@code body}; a route whose fields v4 spells otherwise words them first.
 */
public final class V4Failures {
    private V4Failures() {
    }

    /**
     * Answers every failure that reaches the routing as v4 does, but on the paths of a door with a
     * shape of its own ({@code shapes}), which that door answers.
     */
    public static void register(HttpRouting.Builder routing, ErrorShapes shapes) {
        routing.error(Refusal.class, (req, res, e) -> write(req, res, shapes, e, answer(e)));
        routing.error(ProviderFailure.class, (req, res, e) -> write(req, res, shapes, e, answer(e)));
    }

    private static void write(ServerRequest req, ServerResponse res, ErrorShapes shapes, RuntimeException failure,
            ApiException v4) {
        DoorErrors door = shapes.doorOf(req);
        if (door == null) {
            ErrorResponses.write(res, v4);
        } else {
            door.write(res, failure);
        }
    }

    /** A refusal whose paths are named as v4's body names them. */
    public static ApiException answer(Refusal refusal) {
        return answer(refusal, UnaryOperator.identity());
    }

    /**
     * A refusal whose paths {@code wording} first turns into v4's names (without the
     * {@code body} that every such {@code loc} starts with).
     */
    static ApiException answer(Refusal refusal, UnaryOperator<List<Object>> wording) {
        String message = refusal.getMessage();
        return switch (refusal.kind()) {
            case INVALID -> ApiException.validation(refusal.problems().stream()
                    .map(problem -> new ValidationError(inBody(wording.apply(problem.path())), problem.message(), problem.type()))
                    .toList());
            case NOT_FOUND -> ApiException.notFound(message);
            case CONFLICT -> ApiException.conflict(message);
            case NOT_SERVABLE -> ApiException.badRequest(message);
            case UNAVAILABLE -> ApiException.unavailable(message);
            case UNAUTHORIZED -> ApiException.unauthorized(message);
            case FORBIDDEN -> ApiException.forbidden(message);
            case LIMITED -> ApiException.limited(message, refusal.retryAfterSeconds());
        };
    }

    /** A failure the chat flow ends on: a refusal or a provider's failure. */
    static ApiException answer(RuntimeException failure, UnaryOperator<List<Object>> wording) {
        return switch (failure) {
            case Refusal refusal -> answer(refusal, wording);
            case ProviderFailure provider -> answer(provider);
            default -> throw failure;
        };
    }

    /**
     * The v4 answer to a provider failure (spec §7): a {@link ProviderFailure.Kind} becomes a
     * status and a {@code type}. A provider's fault is never a 500: a rate limit stays 429, an
     * overload 503, a timeout is 504, anything else the provider broke is 502. It tells the client
     * not to retry, unless the provider's {@code Retry-After} was passed on for it to wait.
     */
    public static ApiException answer(ProviderFailure failure) {
        int status = ProviderStatuses.of(failure.kind());
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
        ApiException answer = ApiException.provider(new ProviderErrorDetail(type, failure.message(), status, failure.origin()), headers);
        return failure.clientMayRetry() ? answer.leavingRetryToClient() : answer;
    }

    private static List<Object> inBody(List<Object> path) {
        List<Object> loc = new ArrayList<>(path.size() + 1);
        loc.add("body");
        loc.addAll(path);
        return loc;
    }
}
