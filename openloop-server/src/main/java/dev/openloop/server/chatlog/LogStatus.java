package dev.openloop.server.chatlog;

/** Where a log stands; stored in {@code logs.status}. */
public final class LogStatus {
    /** Generation finished (or failed) and everything is recorded. */
    public static final String COMPLETE = "complete";
    /** A stream is still running; the row holds the request so far. */
    public static final String STREAMING = "streaming";
    /** A stream was cut before its end: the client left, or the server stopped; the row keeps what was generated. */
    public static final String INCOMPLETE = "incomplete";

    private LogStatus() {
    }
}
