package dev.openloop.server.provider;

import dev.openloop.api.error.ProviderErrorDetail;
import dev.openloop.server.http.ApiException;
import java.util.Map;
import java.util.function.UnaryOperator;

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
     * The status and {@code type} OpenLoop answers a provider's error status with.
     *
     * @param undocumented whether no provider documents the status, so that the message names it
     *     (the caller gets a 502 instead)
     */
    record Mapping(int status, String type, boolean undocumented) {
        Mapping(int status, String type) {
            this(status, type, false);
        }
    }

    /**
     * What each provider status becomes (the table is also in docs/providers.md). Every status a
     * provider documents keeps its meaning. Cohere's own two are translated: 498 (a deny-listed
     * token in the prompt or the output) is a refused request, as a content filter's 400 is, and
     * 499 (the request was cancelled, which OpenLoop did not do) is the provider's failure.
     * Anything else, a redirect or a 4xx no provider documents, is a provider that did not answer
     * as documented: passing its status on would tell the caller something false (to follow a
     * redirect, say), so it is a 502 whose message names the status.
     */
    static Mapping mapping(int upstreamStatus) {
        return switch (upstreamStatus) {
            case 400, 422, 498 -> new Mapping(422, "unprocessable_entity_error");
            case 401 -> new Mapping(401, "authentication_error");
            case 402 -> new Mapping(402, "billing_error");
            case 403 -> new Mapping(403, "permission_error");
            case 404 -> new Mapping(404, "not_found_error");
            case 408, 504 -> new Mapping(504, "timeout_error");
            case 413 -> new Mapping(413, "request_too_large_error");
            case 429 -> new Mapping(429, "rate_limit_error");
            case 503, 529 -> new Mapping(503, "service_unavailable_error");
            case 499 -> new Mapping(502, "bad_gateway_error");
            default -> new Mapping(502, "bad_gateway_error", upstreamStatus < 500 || upstreamStatus > 599);
        };
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
        Mapping mapping = mapping(upstreamStatus);
        Map<String, String> headers = retryAfter != null && (mapping.status() == 429 || mapping.status() == 503)
                ? Map.of("Retry-After", retryAfter)
                : Map.of();
        String text;
        message = sanitize(message);
        if (message == null || message.isBlank()) {
            text = origin + " answered " + upstreamStatus;
        } else if (mapping.undocumented()) {
            text = origin + " answered " + upstreamStatus + ": " + message;
        } else {
            text = message;
        }
        return ApiException.provider(new ProviderErrorDetail(mapping.type(), text, mapping.status(), origin), headers);
    }

    /**
     * {@code e} with {@code scrub} applied to its message, for a provider failure read out of what
     * the provider sent (an error event in a stream), which may quote the key.
     */
    public static ApiException scrubbed(ApiException e, UnaryOperator<String> scrub) {
        if (!(e.detail() instanceof ProviderErrorDetail detail)) {
            return e;
        }
        ApiException clean = ApiException.provider(new ProviderErrorDetail(detail.type(), sanitize(scrub.apply(detail.message())),
                detail.code(), detail.origin()), e.headers());
        return e.tellsClientNotToRetry() ? clean : clean.leavingRetryToClient();
    }

    /** The provider did not answer in time. */
    public static ApiException timeout(String origin, String what) {
        return ApiException.provider(new ProviderErrorDetail("timeout_error", origin + " " + what, 504, origin), Map.of());
    }

    /** The provider could not be reached, or broke the connection. */
    public static ApiException unreachable(String origin, String what) {
        return ApiException.provider(new ProviderErrorDetail("bad_gateway_error", sanitize(origin + " " + what), 502, origin),
                Map.of());
    }

    /** The provider answered something that is not its documented format. */
    public static ApiException malformed(String origin, String what) {
        return ApiException.provider(new ProviderErrorDetail("bad_gateway_error",
                sanitize(origin + " sent an answer OpenLoop cannot read: " + what), 502, origin), Map.of());
    }

    /** No key for the provider, neither in the request nor in the server's environment. */
    public static ApiException missingKey(String origin, String requestKey, String environmentVariable) {
        return ApiException.provider(new ProviderErrorDetail("missing_api_key",
                "No API key for " + origin + ": pass provider_api_keys." + requestKey + " or set " + environmentVariable
                        + " on the server", 400, OPENLOOP), Map.of());
    }

    /**
     * A request that names an endpoint of its own without a key of its own. The server's key is
     * not sent to it: whoever runs that endpoint would receive the server's key.
     */
    public static ApiException missingOwnKey(String origin, String requestKey, String requestEndpoint,
            String environmentVariable) {
        return ApiException.provider(new ProviderErrorDetail("missing_api_key",
                "No API key for the " + origin + " endpoint in provider_api_keys." + requestEndpoint
                        + ": pass its key in provider_api_keys." + requestKey + " (the server's " + environmentVariable
                        + " is sent to the server's own endpoint only)", 400, OPENLOOP), Map.of());
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

    /** The longest provider message passed on to a caller, in characters. */
    public static final int MAX_MESSAGE_LENGTH = 1_000;

    /**
     * {@code text} as it may be passed on to a caller: control characters (line breaks, NUL, escape
     * sequences) and lone surrogates each become a space, runs of spaces one, and text beyond
     * {@value #MAX_MESSAGE_LENGTH} characters is cut with an ellipsis. What a provider (or an
     * endpoint a request named) answered is the caller's to read only in this bounded form, so
     * the server cannot be made to relay another service's pages.
     */
    public static String sanitize(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder clean = new StringBuilder(Math.min(text.length(), MAX_MESSAGE_LENGTH + 1));
        for (int i = 0; i < text.length() && clean.length() <= MAX_MESSAGE_LENGTH; i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                clean.append(c).append(text.charAt(++i));
            } else if (Character.isISOControl(c) || Character.isSurrogate(c) || Character.isWhitespace(c)) {
                if (!clean.isEmpty() && clean.charAt(clean.length() - 1) != ' ') {
                    clean.append(' ');
                }
            } else {
                clean.append(c);
            }
        }
        if (clean.length() > MAX_MESSAGE_LENGTH) {
            int cut = MAX_MESSAGE_LENGTH;
            if (Character.isLowSurrogate(clean.charAt(cut))) {
                cut--;
            }
            return clean.substring(0, cut) + "…";
        }
        return clean.toString().strip();
    }

    /**
     * The shortest key {@link #scrub} removes. A shorter string turns up by chance in ordinary
     * text ("gpt", "the"), so removing it would garble the provider's message while hiding next
     * to nothing: a key of three characters is guessed in moments whether it is shown or not.
     */
    static final int SHORTEST_SCRUBBED_KEY = 4;

    /**
     * Removes {@code secret} from {@code text}, and the masked forms some providers echo (a key's
     * first characters, asterisks, its last ones), so no key reaches a response or a log.
     */
    public static String scrub(String text, String secret) {
        if (text == null) {
            return null;
        }
        String scrubbed = text;
        if (secret != null && !secret.isBlank() && secret.length() >= SHORTEST_SCRUBBED_KEY) {
            scrubbed = scrubbed.replace(secret, "[redacted]");
        }
        // e.g. OpenAI's "Incorrect API key provided: sk-abc***...***wxyz".
        return scrubbed.replaceAll("\\S*\\*{3,}\\S*", "[redacted]");
    }
}
