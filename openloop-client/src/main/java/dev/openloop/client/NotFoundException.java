package dev.openloop.client;

/** 404 Not Found: an id in the request (project, session, parent log, config...) or the path is unknown. */
public final class NotFoundException extends ApiException {

    NotFoundException(ErrorAnswer answer) {
        super(answer);
    }
}
