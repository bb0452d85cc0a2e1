package dev.openloop.server.chat;

import dev.openloop.server.failure.Refusal;
import dev.openloop.server.provider.ProviderFailure;
import java.util.Locale;

/**
 * How a log records why its sample failed: who failed, how, and the message; with
 * {@code save: false}, without the message (it may quote the prompt). A provider failure is told
 * by a code and number that stay the same whichever door the call came through, so that the
 * stored text reads the same for every log.
 */
final class FailureText {
    private FailureText() {
    }

    static String of(RuntimeException failure, boolean save) {
        if (failure instanceof ProviderFailure provider) {
            String kind = provider.origin() + " " + code(provider.kind());
            return save ? kind + ": " + provider.message() : kind;
        }
        if (failure instanceof Refusal refusal) {
            return save ? refusal.getMessage() : "OpenLoop refused the call (" + refusal.kind().name().toLowerCase(Locale.ROOT) + ")";
        }
        return save ? String.valueOf(failure.getMessage()) : "OpenLoop error";
    }

    /** The kind as logs have always named it: its error type and the status class it stands for. */
    private static String code(ProviderFailure.Kind kind) {
        return switch (kind) {
            case INVALID_REQUEST -> "unprocessable_entity_error (422)";
            case AUTHENTICATION -> "authentication_error (401)";
            case BILLING -> "billing_error (402)";
            case PERMISSION -> "permission_error (403)";
            case NOT_FOUND -> "not_found_error (404)";
            case TIMEOUT -> "timeout_error (504)";
            case REQUEST_TOO_LARGE -> "request_too_large_error (413)";
            case RATE_LIMITED -> "rate_limit_error (429)";
            case UNAVAILABLE -> "service_unavailable_error (503)";
            case BAD_GATEWAY -> "bad_gateway_error (502)";
            case MISSING_API_KEY -> "missing_api_key (400)";
            case INVALID_API_KEY -> "invalid_api_key (400)";
            case MISSING_SETTING -> "missing_setting (400)";
            case UNSUPPORTED_PROVIDER -> "unsupported_provider (422)";
        };
    }
}
