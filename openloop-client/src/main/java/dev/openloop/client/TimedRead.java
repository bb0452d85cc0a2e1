package dev.openloop.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Reads a body whole within a time limit. The JDK's HTTP client bounds only the wait for the
 * response headers of a body read as a stream; an error body, or a body that should have been
 * events, read from such a response would otherwise block for as long as the server stalls.
 */
final class TimedRead {
    private TimedRead() {
    }

    /**
     * Up to {@code max} bytes of {@code body}, then closes it. The whole read gets {@code limit}:
     * past it the body is closed, which ends the blocked read.
     *
     * @throws HttpTimeoutException when the limit passed before the body ended
     * @throws IOException when the body could not be read
     */
    static byte[] readAtMost(InputStream body, int max, Duration limit) throws IOException {
        try (body; StallWatch watch = new StallWatch(limit, () -> closeQuietly(body))) {
            watch.waiting();
            byte[] bytes;
            try {
                bytes = body.readNBytes(max);
            } catch (IOException e) {
                throw watch.stalled() ? timedOut(limit) : e;
            }
            // A body closed on the deadline may read as one that ended early.
            if (watch.stalled()) {
                throw timedOut(limit);
            }
            return bytes;
        }
    }

    private static HttpTimeoutException timedOut(Duration limit) {
        return new HttpTimeoutException("the body did not arrive within " + limit);
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // Closing only ends the wait; there is nothing left to save.
        }
    }
}
