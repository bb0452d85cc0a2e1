package dev.openloop.client;

/**
 * No complete answer arrived: the server could not be reached, the connection broke, or a stream
 * stopped before every sample sent its last event.
 *
 * <p>Before it is thrown, the client tries again what cannot run twice: a connection that could
 * not be made, for every call; a timeout or a broken connection only for GET and DELETE calls. A
 * POST or PATCH (a chat, a log, an update) may already have been carried out by then, so it is
 * not sent again; nor is a stream that has started.
 */
public class ApiConnectionException extends HumanloopException {

    ApiConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
