package dev.openloop.client;

/** 401 Unauthorized: the API key is missing or not accepted, or a provider refused its key. */
public final class UnauthorizedException extends ApiException {

    UnauthorizedException(ErrorAnswer answer) {
        super(answer);
    }
}
