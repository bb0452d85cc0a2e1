package dev.openloop.server.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A provider fake: a real HTTP server on a free loopback port that answers with scripted
 * responses (usually golden files of the provider's documented wire format) and records every
 * request it received, so tests can assert exactly what OpenLoop sent.
 */
public final class ProviderFake implements AutoCloseable {

    /** A request as received. */
    public record Received(String method, String path, Map<String, String> headers, String body) {
        /** A header, by case-insensitive name. */
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    /**
     * A scripted answer.
     *
     * @param status HTTP status
     * @param headers response headers
     * @param chunks the body, sent chunk by chunk with a flush after each
     * @param delayMillis wait before the answer (and between chunks)
     * @param cutAfterChunks end the body after this many chunks, without the rest; -1 for never
     */
    public record Answer(int status, Map<String, String> headers, List<String> chunks, long delayMillis, int cutAfterChunks) {
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

        public Answer withHeader(String name, String value) {
            Map<String, String> more = new TreeMap<>(headers);
            more.put(name, value);
            return new Answer(status, more, chunks, delayMillis, cutAfterChunks);
        }

        public Answer delayed(long millis) {
            return new Answer(status, headers, chunks, millis, cutAfterChunks);
        }

        public Answer cutAfter(int chunkCount) {
            return new Answer(status, headers, chunks, delayMillis, chunkCount);
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Answer> script = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private volatile Answer fallback = Answer.json(500, "{\"error\":{\"message\":\"no answer scripted\"}}");

    private ProviderFake() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public static ProviderFake start() {
        try {
            return new ProviderFake();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL, e.g. {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
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

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                Collections.unmodifiableMap(headers), body));
        Answer answer = script.poll();
        if (answer == null) {
            answer = fallback;
        }
        try {
            sleep(answer.delayMillis());
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            boolean streaming = answer.chunks().size() > 1 || answer.cutAfterChunks() >= 0;
            exchange.sendResponseHeaders(answer.status(), streaming ? 0 : answer.chunks().getFirst().getBytes(StandardCharsets.UTF_8).length);
            OutputStream out = exchange.getResponseBody();
            int sent = 0;
            for (String chunk : answer.chunks()) {
                if (sent == answer.cutAfterChunks()) {
                    // The stream stops early: what the provider sent so far, and no end marker.
                    break;
                }
                if (sent > 0) {
                    sleep(answer.delayMillis());
                }
                out.write(chunk.getBytes(StandardCharsets.UTF_8));
                out.flush();
                sent++;
            }
            out.close();
        } catch (IOException e) {
            // The client went away; that is what some tests want.
        }
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
        server.stop(0);
    }
}
