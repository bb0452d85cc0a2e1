package dev.openloop.server.provider;

import java.util.function.UnaryOperator;

/**
 * The provider failures, the same for every provider ({@link ProviderFailure}): the kind says what
 * failed, {@code origin} whose. A provider's fault is never the server's: a rate limit stays a rate
 * limit, an overload an overload; anything else the provider broke is {@link ProviderFailure.Kind#BAD_GATEWAY}.
 * The doors map each kind to their status (spec §7 for v4).
 */
public final class ProviderErrors {
    /** The origin of failures OpenLoop itself finds before or around a provider call. */
    public static final String OPENLOOP = "OpenLoop";

    private ProviderErrors() {
    }

    /**
     * The kind of failure a provider's error status stands for.
     *
     * @param undocumented whether no provider documents the status, so that the message names it
     *     (it becomes {@link ProviderFailure.Kind#BAD_GATEWAY} instead)
     */
    record Mapping(ProviderFailure.Kind kind, boolean undocumented) {
        Mapping(ProviderFailure.Kind kind) {
            this(kind, false);
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
            case 400, 422, 498 -> new Mapping(ProviderFailure.Kind.INVALID_REQUEST);
            case 401 -> new Mapping(ProviderFailure.Kind.AUTHENTICATION);
            case 402 -> new Mapping(ProviderFailure.Kind.BILLING);
            case 403 -> new Mapping(ProviderFailure.Kind.PERMISSION);
            case 404 -> new Mapping(ProviderFailure.Kind.NOT_FOUND);
            case 408, 504 -> new Mapping(ProviderFailure.Kind.TIMEOUT);
            case 413 -> new Mapping(ProviderFailure.Kind.REQUEST_TOO_LARGE);
            case 429 -> new Mapping(ProviderFailure.Kind.RATE_LIMITED);
            case 503, 529 -> new Mapping(ProviderFailure.Kind.UNAVAILABLE);
            case 499 -> new Mapping(ProviderFailure.Kind.BAD_GATEWAY);
            default -> new Mapping(ProviderFailure.Kind.BAD_GATEWAY, upstreamStatus < 500 || upstreamStatus > 599);
        };
    }

    /**
     * The answer to a provider's error response.
     *
     * @param origin the provider's display name
     * @param upstreamStatus the status the provider answered with
     * @param message the provider's message, keys already scrubbed
     * @param retryAfter the provider's {@code Retry-After}, passed on with a rate limit or an
     *     overload; may be null
     */
    public static ProviderFailure fromUpstream(String origin, int upstreamStatus, String message, String retryAfter) {
        Mapping mapping = mapping(upstreamStatus);
        boolean passesRetryAfter = mapping.kind() == ProviderFailure.Kind.RATE_LIMITED
                || mapping.kind() == ProviderFailure.Kind.UNAVAILABLE;
        String text;
        message = sanitize(message);
        if (message == null || message.isBlank()) {
            text = origin + " answered " + upstreamStatus;
        } else if (mapping.undocumented()) {
            text = origin + " answered " + upstreamStatus + ": " + message;
        } else {
            text = message;
        }
        return new ProviderFailure(origin, mapping.kind(), text, passesRetryAfter ? retryAfter : null, false);
    }

    /**
     * {@code e} with {@code scrub} applied to its message, for a provider failure read out of what
     * the provider sent (an error event in a stream), which may quote the key.
     */
    public static ProviderFailure scrubbed(ProviderFailure e, UnaryOperator<String> scrub) {
        return e.withMessage(sanitize(scrub.apply(e.message())));
    }

    /** The provider did not answer in time. */
    public static ProviderFailure timeout(String origin, String what) {
        return new ProviderFailure(origin, ProviderFailure.Kind.TIMEOUT, origin + " " + what);
    }

    /** The provider could not be reached, or broke the connection. */
    public static ProviderFailure unreachable(String origin, String what) {
        return new ProviderFailure(origin, ProviderFailure.Kind.BAD_GATEWAY, sanitize(origin + " " + what));
    }

    /** The provider answered something that is not its documented format. */
    public static ProviderFailure malformed(String origin, String what) {
        return new ProviderFailure(origin, ProviderFailure.Kind.BAD_GATEWAY,
                sanitize(origin + " sent an answer OpenLoop cannot read: " + what));
    }

    /** No key for the provider, neither in the request nor in the server's environment. */
    public static ProviderFailure missingKey(String origin, String requestKey, String environmentVariable) {
        return new ProviderFailure(OPENLOOP, ProviderFailure.Kind.MISSING_API_KEY,
                "No API key for " + origin + ": pass provider_api_keys." + requestKey + " or set " + environmentVariable
                        + " on the server");
    }

    /**
     * A request that names an endpoint of its own without a key of its own. The server's key is
     * not sent to it: whoever runs that endpoint would receive the server's key.
     */
    public static ProviderFailure missingOwnKey(String origin, String requestKey, String requestEndpoint,
            String environmentVariable) {
        return new ProviderFailure(OPENLOOP, ProviderFailure.Kind.MISSING_API_KEY,
                "No API key for the " + origin + " endpoint in provider_api_keys." + requestEndpoint
                        + ": pass its key in provider_api_keys." + requestKey + " (the server's " + environmentVariable
                        + " is sent to the server's own endpoint only)");
    }

    /** A setting the provider needs is missing, e.g. the Azure endpoint. */
    public static ProviderFailure missingSetting(String origin, String what) {
        return new ProviderFailure(OPENLOOP, ProviderFailure.Kind.MISSING_SETTING, what);
    }

    /** The provider is not available in OpenLoop. */
    public static ProviderFailure unsupportedProvider(String provider) {
        return new ProviderFailure(OPENLOOP, ProviderFailure.Kind.UNSUPPORTED_PROVIDER,
                "Provider '" + provider + "' is not available in OpenLoop");
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
