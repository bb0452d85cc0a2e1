package dev.openloop.client;

/**
 * 422 Unprocessable Entity: the request is invalid. {@link #validationErrors()} lists every
 * problem the server found ({@code detail: [{loc, msg, type}]}); when a provider refused the
 * request instead, {@link #providerError()} has its answer. Not retried (unless the server answers {@code x-should-retry: true}): the request must change.
 */
public final class UnprocessableEntityException extends ApiException {

    UnprocessableEntityException(ErrorAnswer answer) {
        super(answer);
    }
}
