package dev.openloop.client;

/**
 * 409 Conflict: the request clashes with what exists, e.g. a project or an experiment name that
 * is taken, a log {@code reference_id} already used, or an experiment with no active config left
 * to draw. Not retried (unless the server answers {@code x-should-retry: true}): the same request would
 * clash again.
 */
public final class ConflictException extends ApiException {

    ConflictException(ErrorAnswer answer) {
        super(answer);
    }
}
