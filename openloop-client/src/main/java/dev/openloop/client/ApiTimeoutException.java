package dev.openloop.client;

/**
 * No answer within the client's timeout: for a whole answer, from sending the request to its last
 * byte; for a stream, until the response starts and then between two events.
 */
public final class ApiTimeoutException extends ApiConnectionException {

    ApiTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
