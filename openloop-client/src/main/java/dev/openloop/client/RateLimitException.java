package dev.openloop.client;

/**
 * 429 Too Many Requests: the server or the provider limits the rate; {@link #retryAfter()} says
 * how long to wait when known. Retried by the client before it is thrown, unless the server
 * answered {@code x-should-retry: false} or asked for a wait of more than a minute.
 */
public final class RateLimitException extends ApiException {

    RateLimitException(ErrorAnswer answer) {
        super(answer);
    }
}
