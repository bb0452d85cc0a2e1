package dev.openloop.client;

/**
 * 5xx: the server or the provider failed; not the caller's fault. Retried by the client before it
 * is thrown, unless the server answered {@code x-should-retry: false} (OpenLoop does when it has
 * already retried the provider itself).
 */
public final class ServerException extends ApiException {

    ServerException(ErrorAnswer answer) {
        super(answer);
    }
}
