package dev.openloop.server.provider;

import dev.openloop.api.error.ProviderErrorDetail;
import dev.openloop.server.http.ApiException;
import java.util.Map;

/**
 * How provider failures are answered (spec §7), the same for every provider: the status says what
 * kind of failure it was, {@code origin} whose. A provider's fault is never a 500: a rate limit
 * stays 429, an overload 503, a timeout is 504, anything else the provider broke is 502.
 */
public final class ProviderErrors {
    /** The origin of failures OpenLoop itself finds before or around a provider call. */
    public static final String OPENLOOP = "OpenLoop";

    private ProviderErrors() {
    }

    /**
     * The answer to a provider's error response.
     *
     * @param origin the provider's display name
     * @param upstreamStatus the status the provider answered with
     * @param message the provider's message, keys already scrubbed
     * @param retryAfter the provider's {@code Retry-After}, passed on with a 429 or 503; may be null
     */
    public static ApiException fromUpstream(String origin, int upstreamStatus, String message, String retryAfter) {
        int status;
        String type;
        switch (upstreamStatus) {
            case 400, 422 -> { status = 422; type = "unprocessable_entity_error"; }
            case 401 -> { status = 401; type = "authentication_error"; }
            case 403 -> { status = 403; type = "permission_error"; }
            case 404 -> { status = 404; type = "not_found_error"; }
            case 408, 504 -> { status = 504; type = "timeout_error"; }
            case 413 -> { status = 413; type = "request_too_large_error"; }
            case 429 -> { status = 429; type = "rate_limit_error"; }
            case 503, 529 -> { status = 503; type = "service_unavailable_error"; }
            default -> {
                // Below 400 (a redirect, say) the provider did not answer as documented: passing
                // that status on would tell the caller something false, e.g. to follow a redirect.
                if (upstreamStatus >= 500 || upstreamStatus < 400) {
                    status = 502;
                    type = "bad_gateway_error";
                } else {
                    status = upstreamStatus;
                    type = "provider_error";
                }
            }
        }
        Map<String, String> headers = retryAfter != null && (status == 429 || status == 503)
                ? Map.of("Retry-After", retryAfter)
                : Map.of();
        String text = message == null || message.isBlank() ? origin + " answered " + upstreamStatus : message;
        return ApiException.provider(new ProviderErrorDetail(type, text, status, origin), headers);
    }

    /** The provider did not answer in time. */
    public static ApiException timeout(String origin, String what) {
        return ApiException.provider(new ProviderErrorDetail("timeout_error", origin + " " + what, 504, origin), Map.of());
    }

    /** The provider could not be reached, or broke the connection. */
    public static ApiException unreachable(String origin, String what) {
        return ApiException.provider(new ProviderErrorDetail("bad_gateway_error", origin + " " + what, 502, origin), Map.of());
    }

    /** The provider answered something that is not its documented format. */
    public static ApiException malformed(String origin, String what) {
        return ApiException.provider(new ProviderErrorDetail("bad_gateway_error",
                origin + " sent an answer OpenLoop cannot read: " + what, 502, origin), Map.of());
    }

    /** No key for the provider, neither in the request nor in the server's environment. */
    public static ApiException missingKey(String origin, String requestKey, String environmentVariable) {
        return ApiException.provider(new ProviderErrorDetail("missing_api_key",
                "No API key for " + origin + ": pass provider_api_keys." + requestKey + " or set " + environmentVariable
                        + " on the server", 400, OPENLOOP), Map.of());
    }

    /** A setting the provider needs is missing, e.g. the Azure endpoint. */
    public static ApiException missingSetting(String origin, String what) {
        return ApiException.provider(new ProviderErrorDetail("missing_setting", what, 400, OPENLOOP), Map.of());
    }

    /** The provider is not available in OpenLoop. */
    public static ApiException unsupportedProvider(String provider) {
        return ApiException.provider(new ProviderErrorDetail("unsupported_provider",
                "Provider '" + provider + "' is not available in OpenLoop", 422, OPENLOOP), Map.of());
    }

    /**
     * Removes {@code secret} from {@code text}, and the masked forms some providers echo (a key's
     * first characters, asterisks, its last ones), so no key reaches a response or a log.
     */
    public static String scrub(String text, String secret) {
        if (text == null || secret == null || secret.length() < 8) {
            return text;
        }
        String scrubbed = text.replace(secret, "[redacted]");
        // e.g. OpenAI's "Incorrect API key provided: sk-abc***...***wxyz".
        return scrubbed.replaceAll("\\S*\\*{3,}\\S*", "[redacted]");
    }
}
