package dev.openloop.client;

/** 403 Forbidden: the key is valid but may not do this. */
public final class PermissionDeniedException extends ApiException {

    PermissionDeniedException(ErrorAnswer answer) {
        super(answer);
    }
}
