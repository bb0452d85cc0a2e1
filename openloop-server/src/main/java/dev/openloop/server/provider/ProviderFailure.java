package dev.openloop.server.provider;

import java.util.Objects;

/**
 * A provider call that failed or could not be made: whose failure it was ({@code origin}, a
 * provider's display name or {@link ProviderErrors#OPENLOOP}), what kind, and the message a
 * caller may read. It says nothing about HTTP: each door maps a kind to its own status and body,
 * in one place.
 */
public final class ProviderFailure extends RuntimeException {

    /** What went wrong, in the terms every door maps from. */
    public enum Kind {
        /** The provider refused the request as invalid (its 400 or 422, Cohere's 498). */
        INVALID_REQUEST,
        /** The provider refused the key. */
        AUTHENTICATION,
        /** The provider's account has no credit. */
        BILLING,
        /** The key may not do this. */
        PERMISSION,
        /** The provider does not know the model or the path. */
        NOT_FOUND,
        /** The provider did not answer in time, or stopped generating at its time limit. */
        TIMEOUT,
        /** The request is too large for the provider. */
        REQUEST_TOO_LARGE,
        /** The provider's rate limit. */
        RATE_LIMITED,
        /** The provider is overloaded or down for now. */
        UNAVAILABLE,
        /** The provider broke: an error of its own, an answer out of its format, a broken connection. */
        BAD_GATEWAY,
        /** No key for the provider, neither in the request nor on the server. */
        MISSING_API_KEY,
        /** The request's key for the provider cannot be sent. */
        INVALID_API_KEY,
        /** A setting the provider needs is missing on the server. */
        MISSING_SETTING,
        /** The provider is not one this server calls. */
        UNSUPPORTED_PROVIDER
    }

    private final String origin;
    private final Kind kind;
    private final String retryAfter;
    private final boolean clientMayRetry;
    private final boolean serverKey;

    /**
     * @param origin whose failure it is
     * @param kind what kind of failure
     * @param message what the caller may read, already sanitized and without keys
     * @param retryAfter the provider's {@code Retry-After}, to pass on; may be null
     * @param clientMayRetry whether the server left retrying to the client (it did not make the
     *     attempts its policy allows); otherwise the client is told not to retry
     */
    public ProviderFailure(String origin, Kind kind, String message, String retryAfter, boolean clientMayRetry) {
        this(origin, kind, message, retryAfter, clientMayRetry, false);
    }

    private ProviderFailure(String origin, Kind kind, String message, String retryAfter, boolean clientMayRetry,
            boolean serverKey) {
        // No stack trace: these are answers to callers, not faults of the server.
        super(message, null, false, false);
        this.origin = Objects.requireNonNull(origin);
        this.kind = Objects.requireNonNull(kind);
        this.retryAfter = retryAfter;
        this.clientMayRetry = clientMayRetry;
        this.serverKey = serverKey;
    }

    /** A failure the server has retried as far as its policy allows, or that retrying cannot help. */
    public ProviderFailure(String origin, Kind kind, String message) {
        this(origin, kind, message, null, false);
    }

    /** Whose failure it is: a provider's display name, or {@link ProviderErrors#OPENLOOP}. */
    public String origin() {
        return origin;
    }

    /** What kind of failure it is. */
    public Kind kind() {
        return kind;
    }

    /** What the caller may read. */
    public String message() {
        return getMessage();
    }

    /** The provider's {@code Retry-After} to pass on, or null. */
    public String retryAfter() {
        return retryAfter;
    }

    /** Whether retrying was left to the client. */
    public boolean clientMayRetry() {
        return clientMayRetry;
    }

    /**
     * The same failure with retrying left to the client: for when the server passed the
     * provider's {@code Retry-After} on instead of waiting for it, or stopped before its attempts.
     */
    public ProviderFailure leavingRetryToClient() {
        return new ProviderFailure(origin, kind, getMessage(), retryAfter, true, serverKey);
    }

    /**
     * The same failure, marked as met with one of the server's own keys (not a request's): a key
     * the provider refuses is then the server's problem, which another route may get around.
     */
    public ProviderFailure byServerKey() {
        return new ProviderFailure(origin, kind, getMessage(), retryAfter, clientMayRetry, true);
    }

    /** Whether the call that failed went out with one of the server's keys. */
    public boolean withServerKey() {
        return serverKey;
    }

    /** The same failure with another message, e.g. one with the key scrubbed out. */
    public ProviderFailure withMessage(String message) {
        return new ProviderFailure(origin, kind, message, retryAfter, clientMayRetry, serverKey);
    }
}
