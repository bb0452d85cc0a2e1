package dev.openloop.server.web;

import dev.openloop.server.provider.ProviderFailure;

/**
 * The HTTP status each kind of provider failure has in every door, so that a rate limit is a 429
 * and a provider's fault a 502, 503 or 504 whichever protocol the caller speaks. A door words only
 * the status of a refusal of the request in its own way (v4 a 422, OpenAI's protocol a 400).
 */
public final class ProviderStatuses {
    private ProviderStatuses() {
    }

    /**
     * The status of {@code kind}: the provider's refusal of the request (or a provider the node
     * does not call) is {@link #REFUSED_REQUEST}, what the node's own settings or the request's key
     * miss is a 400, and the provider's other failures keep the status they have at the provider.
     */
    public static int of(ProviderFailure.Kind kind) {
        return switch (kind) {
            case INVALID_REQUEST, UNSUPPORTED_PROVIDER -> REFUSED_REQUEST;
            case MISSING_API_KEY, INVALID_API_KEY, MISSING_SETTING -> 400;
            case AUTHENTICATION -> 401;
            case BILLING -> 402;
            case PERMISSION -> 403;
            case NOT_FOUND -> 404;
            case REQUEST_TOO_LARGE -> 413;
            case RATE_LIMITED -> 429;
            case BAD_GATEWAY -> 502;
            case UNAVAILABLE -> 503;
            case TIMEOUT -> 504;
        };
    }

    /** The status of a request the provider refused, as v4 answers it; a door of another protocol may word it as its own. */
    public static final int REFUSED_REQUEST = 422;
}
