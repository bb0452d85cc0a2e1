package dev.openloop.server.chat;

import dev.openloop.server.provider.ProviderFailure;

/**
 * Which failures a fallback may get around: the provider's own trouble (a rate limit, an outage or
 * overload, a broken or unreachable provider, a timeout, and a provider skipped by this node's
 * breaker), and a refusal of one of the server's own keys (revoked, out of credit, not allowed),
 * which is the operator's to fix, not the caller's. Never what the request itself caused: a
 * refusal of the request (400, 413, 422), a model the provider does not know, a key the caller
 * sent; another provider would refuse it as well, or the caller must hear of it.
 */
final class FallbackPolicy {
    private FallbackPolicy() {
    }

    /** Whether a fallback may be tried after {@code failure}. */
    static boolean mayFallBack(RuntimeException failure) {
        if (!(failure instanceof ProviderFailure provider)) {
            return false;
        }
        return switch (provider.kind()) {
            case RATE_LIMITED, UNAVAILABLE, BAD_GATEWAY, TIMEOUT -> true;
            case AUTHENTICATION, BILLING, PERMISSION -> provider.withServerKey();
            default -> false;
        };
    }
}
