package dev.openloop.client;

import java.net.http.HttpHeaders;

/**
 * An answer arrived but is not what the API sends: a body that is not the expected JSON, an event
 * stream whose data is not JSON, or a stream answered with another content type. Never retried.
 */
public final class MalformedResponseException extends HumanloopException {
    /** The HTTP status of the answer. */
    private final int status;
    /** The answer's headers. */
    private final Headers headers;

    MalformedResponseException(String message, int status, HttpHeaders headers, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.headers = Headers.of(headers);
    }

    /**
     * The HTTP status of the answer.
     *
     * @return the status, e.g. 200
     */
    public int status() {
        return status;
    }

    /**
     * The response headers.
     *
     * @return a map whose names are compared ignoring case
     */
    public Headers headers() {
        return headers;
    }
}
