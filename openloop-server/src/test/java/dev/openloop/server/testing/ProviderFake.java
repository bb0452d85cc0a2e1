package dev.openloop.server.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A provider fake: a real HTTP/1.1 server on a free loopback port that answers with scripted
 * responses (usually golden files of the provider's documented wire format) and records every
 * request it received, so tests can assert exactly what OpenLoop sent.
 *
 * <p>It speaks HTTP over plain sockets rather than through a server library, so that it can also
 * fail the way real networks do: reset the connection (an RST, not a polite close) before or in the
 * middle of an answer, close it in the middle of a chunked body, fall silent for longer than any
 * read timeout, or frame a body by closing the connection. It records how each answer went
 * ({@link Delivery}), so a test can see that OpenLoop hung up on it.
 */
public final class ProviderFake implements AutoCloseable {

    /** A request as received. */
    public record Received(String method, String path, Map<String, String> headers, String body) {
        /** A header, by case-insensitive name. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** How an answer stops when it is cut short ({@link Answer#cutAfterChunks()} ≥ 0). */
    public enum Cut {
        /** The HTTP body ends properly: only the provider's own end marker, and what follows, is missing. */
        END_BODY,
        /** The connection is reset (TCP RST, by closing with {@code SO_LINGER} 0). */
        RESET,
        /** The connection is closed (FIN) without ending the chunked body: a truncated HTTP answer. */
        CLOSE,
        /** Nothing more is sent; the fake waits, silent, until the client gives up and closes the connection. */
        STALL
    }

    /**
     * A scripted answer.
     *
     * @param status HTTP status
     * @param headers response headers
     * @param chunks the body, sent chunk by chunk with a flush after each
     * @param delayMillis wait before the answer (and between chunks)
     * @param cutAfterChunks stop after this many chunks, as {@code cut} says; -1 for never;
     *     {@link #BEFORE_STATUS} to stop before sending anything at all
     * @param cut how the answer stops when it is cut
     * @param closeDelimited frame the body by closing the connection, with neither
     *     {@code Content-Length} nor chunked encoding (allowed by HTTP/1.1, rare)
     */
    public record Answer(int status, Map<String, String> headers, List<String> chunks, long delayMillis, int cutAfterChunks,
            Cut cut, boolean closeDelimited) {
        /** {@link #cutAfterChunks()} value: the fake stops before the status line. */
        public static final int BEFORE_STATUS = -2;

        /** An answer whose body ends cleanly after {@code cutAfterChunks} chunks (or never cut: -1). */
        public Answer(int status, Map<String, String> headers, List<String> chunks, long delayMillis, int cutAfterChunks) {
            this(status, headers, chunks, delayMillis, cutAfterChunks, Cut.END_BODY, false);
        }

        public static Answer json(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json"), List.of(body), 0, -1);
        }

        /** A server-sent event stream, one chunk per event (split on blank lines). */
        public static Answer sse(String body) {
            List<String> events = new ArrayList<>();
            for (String event : body.split("(?<=\n\n)")) {
                events.add(event);
            }
            return new Answer(200, Map.of("Content-Type", "text/event-stream"), events, 0, -1);
        }

        /** No answer at all: the fake reads the request, then resets the connection. */
        public static Answer resetBeforeAnswer() {
            return new Answer(0, Map.of(), List.of(), 0, BEFORE_STATUS, Cut.RESET, false);
        }

        /** No answer at all: the fake reads the request, then closes the connection (FIN). */
        public static Answer closeBeforeAnswer() {
            return new Answer(0, Map.of(), List.of(), 0, BEFORE_STATUS, Cut.CLOSE, false);
        }

        /** No answer at all: the fake reads the request and stays silent until the client gives up. */
        public static Answer silence() {
            return new Answer(0, Map.of(), List.of(), 0, BEFORE_STATUS, Cut.STALL, false);
        }

        public Answer withHeader(String name, String value) {
            Map<String, String> more = new TreeMap<>(headers);
            more.put(name, value);
            return new Answer(status, more, chunks, delayMillis, cutAfterChunks, cut, closeDelimited);
        }

        public Answer delayed(long millis) {
            return new Answer(status, headers, chunks, millis, cutAfterChunks, cut, closeDelimited);
        }

        /** Ends the body cleanly after {@code chunkCount} chunks: a stream without its end marker. */
        public Answer cutAfter(int chunkCount) {
            return new Answer(status, headers, chunks, delayMillis, chunkCount, Cut.END_BODY, closeDelimited);
        }

        /** Resets the connection after {@code chunkCount} chunks of the body. */
        public Answer resetAfter(int chunkCount) {
            return new Answer(status, headers, chunks, delayMillis, chunkCount, Cut.RESET, closeDelimited);
        }

        /** Closes the connection after {@code chunkCount} chunks, leaving the chunked body unfinished. */
        public Answer closeAfter(int chunkCount) {
            return new Answer(status, headers, chunks, delayMillis, chunkCount, Cut.CLOSE, closeDelimited);
        }

        /** Falls silent after {@code chunkCount} chunks, until the client gives up. */
        public Answer stallAfter(int chunkCount) {
            return new Answer(status, headers, chunks, delayMillis, chunkCount, Cut.STALL, closeDelimited);
        }

        /** Frames the body by closing the connection at its end. */
        public Answer framedByClose() {
            return new Answer(status, headers, chunks, delayMillis, cutAfterChunks, cut, true);
        }

        /** The same body repeated until it has {@code count} chunks: a long stream. */
        public Answer repeatedTo(int count) {
            List<String> many = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                many.add(chunks.get(i % chunks.size()));
            }
            return new Answer(status, headers, many, delayMillis, cutAfterChunks, cut, closeDelimited);
        }

        private boolean chunked() {
            return !closeDelimited && (chunks.size() > 1 || cutAfterChunks >= 0);
        }
    }

    /**
     * How the answer to one request went.
     *
     * @param chunksSent how many chunks of the body were written
     * @param clientLeft whether the client closed the connection before the fake was done with it
     */
    public record Delivery(int chunksSent, boolean clientLeft) {
    }

    private final ServerSocket server;
    private final BlockingQueue<Answer> script = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile Answer fallback = Answer.json(500, "{\"error\":{\"message\":\"no answer scripted\"}}");
    private volatile boolean closed;

    private ProviderFake() throws IOException {
        server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("provider-fake-accept").start(this::accept);
    }

    public static ProviderFake start() {
        try {
            return new ProviderFake();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL of a port on which connecting is refused ({@link RefusedPort}). */
    public static String refusedUrl() {
        return "http://127.0.0.1:" + RefusedPort.port();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Answers the next request with {@code answer}. */
    public ProviderFake enqueue(Answer answer) {
        script.add(answer);
        return this;
    }

    /** Answers every request without a scripted answer with {@code answer}. */
    public ProviderFake otherwise(Answer answer) {
        fallback = answer;
        return this;
    }

    /**
     * Forgets the script, the requests and the deliveries, and answers unscripted requests with a
     * 500 again, so one fake can serve test after test. Call it only once the previous test's
     * answers are over ({@link #awaitDeliveries}).
     */
    public ProviderFake reset() {
        script.clear();
        received.clear();
        deliveries.clear();
        fallback = Answer.json(500, "{\"error\":{\"message\":\"no answer scripted\"}}");
        return this;
    }

    /** Every request received so far, in order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The last request received. */
    public Received last() {
        List<Received> all = received();
        if (all.isEmpty()) {
            throw new AssertionError("the fake received no request");
        }
        return all.getLast();
    }

    /**
     * Waits until the answers to {@code count} requests are over, and returns how each went, in
     * the order they ended; fails when that takes longer than {@code limit} (a bound for a test
     * that would otherwise hang, not a measurement).
     */
    public List<Delivery> awaitDeliveries(int count, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        List<Delivery> done = new ArrayList<>();
        try {
            while (done.size() < count) {
                long left = deadline - System.nanoTime();
                Delivery next = left <= 0 ? null : deliveries.poll(left, TimeUnit.NANOSECONDS);
                if (next == null) {
                    throw new AssertionError("only " + done.size() + " of " + count + " answers ended within " + limit);
                }
                done.add(next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        deliveries.drainTo(done);
        return done;
    }

    private void accept() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return;
            }
            connections.add(socket);
            Thread.ofVirtual().name("provider-fake-connection").start(() -> serve(socket));
        }
    }

    /** Answers the requests of one connection, one after the other, while it stays open. */
    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            boolean open = true;
            while (open && !closed) {
                Received request = readRequest(in);
                if (request == null) {
                    return;
                }
                received.add(request);
                Answer answer = script.poll();
                open = answer(request, answer == null ? fallback : answer, socket, in, out);
            }
        } catch (IOException e) {
            // The client went away between requests, or the fake is closing.
        } finally {
            connections.remove(socket);
        }
    }

    /** Sends {@code answer}; returns whether the connection can carry another request. */
    private boolean answer(Received request, Answer answer, Socket socket, InputStream in, OutputStream out)
            throws IOException {
        int sent = 0;
        try {
            sleep(answer.delayMillis());
            if (answer.cutAfterChunks() == Answer.BEFORE_STATUS) {
                stop(answer.cut(), socket, in, sent);
                return false;
            }
            boolean clientWantsClose = "close".equalsIgnoreCase(request.header("connection"));
            writeHead(out, answer, clientWantsClose);
            for (String chunk : answer.chunks()) {
                if (sent == answer.cutAfterChunks()) {
                    break;
                }
                if (sent > 0) {
                    sleep(answer.delayMillis());
                }
                byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
                if (answer.chunked()) {
                    out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(bytes);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.write(bytes);
                }
                out.flush();
                sent++;
            }
            boolean cut = answer.cutAfterChunks() >= 0 && sent == answer.cutAfterChunks() && sent < answer.chunks().size();
            if (cut && answer.cut() != Cut.END_BODY) {
                stop(answer.cut(), socket, in, sent);
                return false;
            }
            if (answer.chunked()) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            deliveries.add(new Delivery(sent, false));
            return !answer.closeDelimited() && !clientWantsClose;
        } catch (IOException e) {
            deliveries.add(new Delivery(sent, true));
            return false;
        }
    }

    private void writeHead(OutputStream out, Answer answer, boolean close) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(answer.status()).append(' ')
                .append(reason(answer.status())).append("\r\n");
        answer.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (answer.chunked()) {
            head.append("Transfer-Encoding: chunked\r\n");
        } else if (!answer.closeDelimited()) {
            int length = answer.chunks().isEmpty() ? 0 : answer.chunks().getFirst().getBytes(StandardCharsets.UTF_8).length;
            head.append("Content-Length: ").append(length).append("\r\n");
        }
        if (close) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Ends the exchange the way {@code cut} says, and records how it went. */
    private void stop(Cut cut, Socket socket, InputStream in, int sent) throws IOException {
        switch (cut) {
            case RESET -> {
                socket.setSoLinger(true, 0);
                socket.close();
                deliveries.add(new Delivery(sent, false));
            }
            case CLOSE, END_BODY -> {
                socket.close();
                deliveries.add(new Delivery(sent, false));
            }
            case STALL -> {
                // The request was read whole: the next thing the client does on this connection
                // while waiting for the answer can only be closing it.
                try {
                    in.read();
                } catch (IOException e) {
                    // reset by the client, or closed by close()
                }
                deliveries.add(new Delivery(sent, !closed));
            }
        }
    }

    /** Reads one request; {@code null} when the client closed the connection instead. */
    private static Received readRequest(InputStream in) throws IOException {
        String requestLine = readLine(in);
        while (requestLine != null && requestLine.isEmpty()) {
            requestLine = readLine(in);
        }
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ", 3);
        if (parts.length < 3) {
            throw new IOException("not an HTTP request line: " + requestLine);
        }
        Map<String, String> headers = new TreeMap<>();
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.merge(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip(),
                        (a, b) -> a + "," + b);
            }
        }
        byte[] body;
        if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = readChunkedBody(in);
        } else {
            body = new byte[0];
        }
        return new Received(parts[0], parts[1], Collections.unmodifiableMap(headers), new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] readChunkedBody(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null) {
                throw new IOException("the request body ended early");
            }
            int size = Integer.parseInt(sizeLine.split(";", 2)[0].strip(), 16);
            if (size == 0) {
                String trailer;
                while ((trailer = readLine(in)) != null && !trailer.isEmpty()) {
                    // trailers are not recorded
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            readLine(in);
        }
    }

    /** One line without its CRLF; {@code null} at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 302 -> "Found";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status " + status;
        };
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        for (Socket socket : connections) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
