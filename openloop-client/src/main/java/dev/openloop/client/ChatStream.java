package dev.openloop.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.ChatResponse;
import dev.openloop.api.sse.SseEvent;
import dev.openloop.api.sse.SseReader;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.Cleaner;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A chat answer arriving as it is generated: the events of the stream, one {@link ChatChunk} per
 * delta, and at the end the whole answer ({@link #result()}).
 *
 * <pre>{@code
 * try (ChatStream stream = humanloop.chatStream(request)) {
 *     for (ChatChunk chunk : stream) {
 *         System.out.print(chunk.output());
 *     }
 *     ChatResponse whole = stream.result();
 * }
 * }</pre>
 *
 * <p>A stream holds a connection (and a virtual thread watching it for silence) until it is read
 * to its end or closed: close it, best with try-with-resources. A stream left unclosed releases
 * both once it becomes unreachable, but only when the garbage collector gets to it, which may be
 * much later or never: do not rely on that. It can be iterated once, by one thread.
 *
 * <p>A stream never ends silently on a failure. Reading on throws an {@link ApiException} (with
 * {@link ApiException#duringStream()} true) when the server ends the stream with an error event,
 * an {@link ApiConnectionException} when the connection breaks or the stream stops before every
 * sample sent its last event, an {@link ApiTimeoutException} when the server sends nothing for
 * longer than the client's timeout, and a {@link MalformedResponseException} for an event that is
 * not the v4 envelope. A stream is not retried once it has started.
 */
public final class ChatStream implements Iterable<ChatChunk>, AutoCloseable {
    /** Releases the connections of streams that were left unclosed; one daemon thread for all. */
    private static final Cleaner UNCLOSED = Cleaner.create();

    private final ApiRequest request;
    private final HttpResponse<InputStream> response;
    private final Duration roundTripTime;
    private final Duration timeout;
    private final SseReader reader;
    private final StallWatch stallWatch;
    private final Cleaner.Cleanable release;
    private final ChatAssembler assembler;
    private boolean iterated;
    private boolean ended;
    private HumanloopException failure;
    private volatile boolean closed;

    ChatStream(ApiRequest request, Transport.Exchange<InputStream> exchange, Duration timeout, int requestedSamples) {
        this.request = request;
        this.response = exchange.response();
        this.roundTripTime = exchange.roundTripTime();
        this.timeout = timeout;
        InputStream body = response.body();
        this.reader = new SseReader(body);
        this.assembler = new ChatAssembler(requestedSamples);
        // Neither the watch nor the release may refer to this stream, or it would never become
        // unreachable: the watcher's thread stays reachable for as long as it runs.
        this.stallWatch = new StallWatch(timeout, () -> closeQuietly(body));
        this.release = UNCLOSED.register(this, new Release(body, stallWatch));
    }

    /**
     * The HTTP status, 200.
     *
     * @return the HTTP status, 200
     */
    public int status() {
        return response.statusCode();
    }

    /**
     * The response headers.
     *
     * @return a map whose names are compared ignoring case
     */
    public Headers headers() {
        return Headers.of(response.headers());
    }

    /**
     * From sending the request to the start of the answer (its headers), of the last attempt.
     *
     * @return from sending the request to the start of the answer (its headers), of the last attempt
     */
    public Duration roundTripTime() {
        return roundTripTime;
    }

    /**
     * The chunks, read as they arrive. Blocks while waiting for the next one.
     *
     * @throws IllegalStateException when called a second time
     */
    @Override
    public Iterator<ChatChunk> iterator() {
        if (iterated) {
            throw new IllegalStateException("A ChatStream can be iterated only once");
        }
        iterated = true;
        return new Iterator<>() {
            private ChatChunk next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = readNext();
                }
                return next != null;
            }

            @Override
            public ChatChunk next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ChatChunk chunk = next;
                next = null;
                return chunk;
            }
        };
    }

    /**
     * The chunks as a {@link Stream}; closing it closes this.
     *
     * @return the chunks as a {@link Stream}; closing it closes this
     */
    public Stream<ChatChunk> stream() {
        return StreamSupport.stream(spliterator(), false).onClose(this::close);
    }

    /**
     * The whole answer, as the same request without streaming would have had it: each sample's
     * full text ({@code output} trimmed, {@code raw_output} as generated), tool calls, finish
     * reason and log id, and the usage. Reads whatever has not been read yet, so it may block;
     * chunks not read by then are not offered to the iterator any more.
     *
     * @throws ApiException when the stream ended with an error
     * @throws ApiConnectionException when it broke or stopped before its end
     * @throws IllegalStateException when the stream was closed before its end
     * @return the whole answer, as the same request without streaming would have had it: each sample's full text ({@code output} trimmed, {@code raw_output} as generated), tool calls, finish reason and log id, and the usage
     */
    public ChatResponse result() {
        while (readNext() != null) {
            // Each event read is added to the assembled answer.
        }
        return assembler.result();
    }

    /** Closes the connection; the chunks not read yet are lost. Closing again does nothing. */
    @Override
    public void close() {
        closed = true;
        release.clean();
    }

    /** The watch of this stream, for tests to see that its thread ends. */
    StallWatch stallWatch() {
        return stallWatch;
    }

    /** What a stream holds beyond itself: run once, by {@link #close} or for a stream left unclosed. */
    private record Release(InputStream body, StallWatch stallWatch) implements Runnable {
        @Override
        public void run() {
            stallWatch.close();
            closeQuietly(body);
        }
    }

    private static void closeQuietly(InputStream body) {
        // The body itself, not the reader around it: a reader blocked in a read holds the lock its
        // close() would wait for, while closing the body wakes the blocked read up.
        try {
            body.close();
        } catch (IOException e) {
            // Closing only frees the connection; there is nothing left to save.
        }
    }

    /** The next chunk; {@code null} at the end of a complete stream. */
    private ChatChunk readNext() {
        if (failure != null) {
            throw failure;
        }
        if (ended) {
            return null;
        }
        if (closed) {
            throw new IllegalStateException("The stream was closed before its end");
        }
        try {
            while (true) {
                SseEvent event = readEvent();
                if (event == null) {
                    end();
                    return null;
                }
                if (event.event().equals("error")) {
                    throw ApiErrors.fromStreamError(event.data(), response.headers(), roundTripTime);
                }
                String data = event.data().strip();
                // Events of other types (e.g. keep-alives) and a "[DONE]" sentinel carry no delta.
                if (!event.event().equals("message") || data.isEmpty() || data.equals("[DONE]")) {
                    continue;
                }
                ChatChunk chunk = parse(data);
                assembler.add(chunk.envelope());
                return chunk;
            }
        } catch (HumanloopException e) {
            failure = e;
            close();
            throw e;
        }
    }

    private SseEvent readEvent() {
        stallWatch.waiting();
        try {
            SseEvent event = reader.next();
            if (event == null && stallWatch.stalled()) {
                throw stalled(null);
            }
            return event;
        } catch (IOException e) {
            if (stallWatch.stalled()) {
                throw stalled(e);
            }
            if (closed) {
                throw new IllegalStateException("The stream was closed before its end", e);
            }
            if (Thread.currentThread().isInterrupted()) {
                // The JDK reports an interrupted read as an IOException, the interrupt flag set again.
                close();
                throw new HumanloopException("Interrupted while reading the stream of " + request.describe(), e);
            }
            throw new ApiConnectionException("The connection broke while streaming the answer to " + request.describe()
                    + ": " + e.getMessage(), e);
        } finally {
            stallWatch.progressed();
        }
    }

    /** The server closed the stream: complete only if every sample sent its last event. */
    private void end() {
        close();
        List<Integer> unfinished = assembler.unfinished();
        if (!unfinished.isEmpty()) {
            throw new ApiConnectionException("The stream of " + request.describe() + " stopped early: "
                    + (unfinished.size() == 1 ? "sample " : "samples ") + unfinished + " sent no last event"
                    + " (one with a finish_reason)", null);
        }
        ended = true;
    }

    private ApiTimeoutException stalled(IOException cause) {
        return new ApiTimeoutException("The stream of " + request.describe() + " sent nothing for " + timeout, cause);
    }

    private ChatChunk parse(String data) {
        try {
            JsonNode raw = Json.MAPPER.readTree(data);
            if (!raw.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            ChatResponse envelope = Json.MAPPER.treeToValue(raw, ChatResponse.class);
            return new ChatChunk(envelope, raw);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String shown = data.length() <= 200 ? data : data.substring(0, 200) + "…";
            throw new MalformedResponseException("The stream of " + request.describe()
                    + " sent an event that is not a chat envelope: " + shown, response.statusCode(), response.headers(), e);
        }
    }
}
