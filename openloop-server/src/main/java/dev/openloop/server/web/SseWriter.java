package dev.openloop.server.web;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a response as server-sent events: {@code data: <one-line JSON>} and a blank line per
 * event, flushed at once. Several threads may send (one per provider call of a request); events
 * never interleave. Once the client is gone every send fails fast with {@link ClientGoneException}.
 *
 * <p>Inside the JSON, the space of the text {@code data: } is written as the JSON escape of a
 * space (a backslash, then {@code u0020}): the same string value, but one the Python SDK 0.5.x
 * cannot mistake for the start of the data. That SDK reads an event as
 * {@code line.split("data: ")[1]}, so an echoed input, metadata value or delta holding
 * {@code data: } would cut the JSON short, and the SDK drops events it cannot parse without a word.
 */
public final class SseWriter implements AutoCloseable {
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ESCAPED_SPACE = "\\u0020".getBytes(StandardCharsets.US_ASCII);

    /** The client closed the connection; nothing more can be sent. */
    public static final class ClientGoneException extends RuntimeException {
        ClientGoneException(Throwable cause) {
            super("the client closed the connection", cause, false, false);
        }
    }

    private final OutputStream out;
    private boolean gone;

    private SseWriter(OutputStream out) {
        this.out = out;
    }

    /** Starts the event stream: status 200 and the event-stream headers. */
    public static SseWriter start(ServerResponse res) {
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header("X-Accel-Buffering", "no");
        return new SseWriter(res.outputStream());
    }

    /** Sends {@code value} as the data of an unnamed event. */
    public void send(Object value) {
        write(null, JsonAnswers.answerBytes(value));
    }

    /** Sends {@code value} as the data of an event named {@code event}. */
    public void send(String event, Object value) {
        write(event, JsonAnswers.answerBytes(value));
    }

    /** Sends {@code text}, one line and no JSON, as an event's data: OpenAI's streams end with {@code [DONE]}. */
    public void sendText(String text) {
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an event's data line cannot hold a line break");
        }
        write(null, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends a comment line, which clients ignore: it keeps proxies from closing a quiet
     * connection, and tells the server early when the client has gone.
     */
    public synchronized void comment(String text) {
        if (gone) {
            throw new ClientGoneException(null);
        }
        try {
            out.write((": " + text + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException | RuntimeException e) {
            gone = true;
            throw new ClientGoneException(e);
        }
    }

    /** Whether the client is known to have gone. */
    public synchronized boolean clientGone() {
        return gone;
    }

    private synchronized void write(String event, byte[] json) {
        if (gone) {
            throw new ClientGoneException(null);
        }
        try {
            if (event != null) {
                out.write(("event: " + event + "\n").getBytes(StandardCharsets.UTF_8));
            }
            out.write(DATA);
            out.write(withoutDataPrefix(json));
            out.write(END);
            out.flush();
        } catch (IOException | UncheckedIOException e) {
            gone = true;
            throw new ClientGoneException(e);
        } catch (RuntimeException e) {
            // Helidon reports a closed connection with its own unchecked exceptions.
            gone = true;
            throw new ClientGoneException(e);
        }
    }

    /**
     * {@code json} with the space of every {@code data: } written as its JSON escape. Compact JSON
     * has no space outside its strings, so each one found is inside a string, where the escape
     * means the same character. Returns {@code json} itself when there is none (nearly always).
     */
    static byte[] withoutDataPrefix(byte[] json) {
        int found = indexOfDataPrefix(json, 0);
        if (found < 0) {
            return json;
        }
        ByteArrayOutputStream escaped = new ByteArrayOutputStream(json.length + 16);
        int from = 0;
        while (found >= 0) {
            int space = found + DATA.length - 1;
            escaped.write(json, from, space - from);
            escaped.writeBytes(ESCAPED_SPACE);
            from = space + 1;
            found = indexOfDataPrefix(json, from);
        }
        escaped.write(json, from, json.length - from);
        return escaped.toByteArray();
    }

    private static int indexOfDataPrefix(byte[] json, int from) {
        for (int i = from; i + DATA.length <= json.length; i++) {
            if (json[i] == 'd' && Arrays.equals(json, i, i + DATA.length, DATA, 0, DATA.length)) {
                return i;
            }
        }
        return -1;
    }

    /** Ends the response. */
    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            gone = true;
        }
    }
}
