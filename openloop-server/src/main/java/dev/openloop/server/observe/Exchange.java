package dev.openloop.server.observe;

/**
 * One request and its answer, as the access log and the HTTP metrics see them.
 *
 * @param method the request's method
 * @param route the route template that took it (e.g. {@code /v4/projects/{id}}), never the raw
 *     path, so that ids do not multiply log fields and metric labels; {@code unmatched} when none did
 * @param status the answer's status
 * @param nanos from the request's head read to the answer's last byte sent
 * @param bytes the answer's bytes
 */
public record Exchange(String method, String route, int status, long nanos, long bytes) {
    public static final String UNMATCHED = "unmatched";
}
