package dev.openloop.client;

/** 400 Bad Request: the server could not serve the request as sent, e.g. a provider key is missing, or nothing is deployed. */
public final class BadRequestException extends ApiException {

    BadRequestException(ErrorAnswer answer) {
        super(answer);
    }
}
