package dev.openloop.client;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;

/**
 * An answer arrived but is not what the API sends: a body that is not the expected JSON, an event
 * stream whose data is not JSON, or a stream answered with another content type. Never retried.
 */
public final class MalformedResponseException extends HumanloopException {
    private final int status;
    /** A plain map, which survives serialization; {@link HttpHeaders} does not. */
    private final Map<String, List<String>> headerMap;
    private transient volatile HttpHeaders headers;

    MalformedResponseException(String message, int status, HttpHeaders headers, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.headerMap = HeaderMaps.copyOf(headers.map());
        this.headers = headers;
    }

    /** The HTTP status of the answer. */
    public int status() {
        return status;
    }

    /** The response headers. */
    public HttpHeaders headers() {
        HttpHeaders made = headers;
        if (made == null) {
            made = HeaderMaps.toHttpHeaders(headerMap);
            headers = made;
        }
        return made;
    }
}
