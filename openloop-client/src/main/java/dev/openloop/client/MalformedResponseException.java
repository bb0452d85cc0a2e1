package dev.openloop.client;

import java.net.http.HttpHeaders;

/**
 * An answer arrived but is not what the API sends: a body that is not the expected JSON, an event
 * stream whose data is not JSON, or a stream answered with another content type. Never retried.
 */
public final class MalformedResponseException extends HumanloopException {
    private final int status;
    private final transient HttpHeaders headers;

    MalformedResponseException(String message, int status, HttpHeaders headers, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.headers = headers;
    }

    /** The HTTP status of the answer. */
    public int status() {
        return status;
    }

    /** The response headers. */
    public HttpHeaders headers() {
        return headers;
    }
}
