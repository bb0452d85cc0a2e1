package dev.openloop.client;

/**
 * No complete answer arrived: the server could not be reached, the connection broke, or a stream
 * stopped before every sample sent its last event. Retried by the client (except a broken stream,
 * whose events may already have been read) before it is thrown.
 */
public class ApiConnectionException extends HumanloopException {

    ApiConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
