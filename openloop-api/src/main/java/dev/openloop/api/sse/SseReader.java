package dev.openloop.api.sse;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads server-sent events from a stream, following the WHATWG event-stream rules: lines end in
 * LF, CR or CRLF; a blank line dispatches the event; {@code :} starts a comment; one space after
 * the field's colon is dropped; data lines are joined with LF; an event cut off before its blank
 * line is discarded.
 *
 * <p>Both the server (reading a provider's stream) and the SDK (reading OpenLoop's) use this one
 * parser, which is why it lives with the wire model rather than in either of them.
 */
public final class SseReader implements Closeable {
    private final BufferedReader reader;
    private String lastEventId;
    private boolean ended;

    /**
     * A reader of the events of {@code in}.
     *
     * @param in the response body, UTF-8
     */
    public SseReader(InputStream in) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /**
     * Blocks for the next event.
     *
     * @return the next dispatched event, or {@code null} at the end of the stream
     * @throws IOException when reading fails, e.g. the connection was reset
     */
    public SseEvent next() throws IOException {
        StringBuilder data = null;
        String eventType = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data == null) {
                    eventType = null;
                    continue;
                }
                return new SseEvent(eventType == null ? "message" : eventType, data.toString(), lastEventId);
            }
            if (line.charAt(0) == ':') {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> {
                    if (data == null) {
                        data = new StringBuilder(value);
                    } else {
                        data.append('\n').append(value);
                    }
                }
                case "event" -> eventType = value;
                case "id" -> {
                    if (value.indexOf('\0') < 0) {
                        lastEventId = value;
                    }
                }
                default -> {
                    // "retry" and unknown fields do not concern a reader that does not reconnect.
                }
            }
        }
        ended = true;
        return null;
    }

    /**
     * Whether the stream has been read to its end.
     *
     * @return whether the stream has been read to its end
     */
    public boolean ended() {
        return ended;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
