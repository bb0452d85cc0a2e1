package dev.openloop.client.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real local HTTP server that plays the API for the edges a real node does not produce on
 * demand (a 500 then a 200, a Retry-After, a cut stream, a silent connection...). It answers with
 * the scripted answers in order, the last one again when the script runs out, and records every
 * request it got.
 */
public final class LocalServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A request as the server received it; the path as sent, percent-encoding kept.
     * {@code receivedNanos}: when its body had arrived, on {@link System#nanoTime()}.
     */
    public record Received(String method, String path, String query, Headers headers, String body, long receivedNanos) {
        /** The body as JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    /** How to answer one request. */
    @FunctionalInterface
    public interface Answer {
        void answer(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Received> received = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger answering = new AtomicInteger();
    private Answer last;

    private LocalServer(int port, Answer... answers) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        script.addAll(List.of(answers));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** A server answering with {@code answers} in order, repeating the last. */
    public static LocalServer answering(Answer... answers) {
        return new LocalServer(0, answers);
    }

    /** A server on loopback port {@code port}, answering with {@code answers} in order, repeating the last. */
    public static LocalServer answeringOn(int port, Answer... answers) {
        return new LocalServer(port, answers);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Answer answer;
        synchronized (this) {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body, System.nanoTime()));
            answer = script.isEmpty() ? last : script.poll();
            last = answer;
        }
        // Closed only after a whole answer: an answer that throws leaves the server to drop the
        // connection, without the end of the body.
        answering.incrementAndGet();
        try {
            answer.answer(exchange);
        } finally {
            answering.decrementAndGet();
        }
        exchange.close();
    }

    /**
     * How many answers the server is still giving: one held by {@link #hang()} or a silence counts
     * until the server is released, whatever the client did meanwhile.
     */
    public int answersInProgress() {
        return answering.get();
    }

    /** Adds {@code answer} to the script. */
    public synchronized void answerWith(Answer answer) {
        script.add(answer);
    }

    /** The API's base path on this server. */
    public String basePath() {
        return origin() + "/v4";
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The requests received so far. */
    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** The only request received. */
    public Received onlyRequest() {
        List<Received> all = received();
        if (all.size() != 1) {
            throw new AssertionError("expected one request, got " + all.size());
        }
        return all.getFirst();
    }

    /** Lets every answer blocked in {@link #hang()} go on. */
    public void release() {
        release.countDown();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }

    // ---- answers ----

    /** A JSON answer. */
    public static Answer json(int status, String body, String... headerPairs) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            addHeaders(exchange, headerPairs);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        };
    }

    /** An answer of any content type. */
    public static Answer text(int status, String contentType, String body) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        };
    }

    /** {@code answer}, given only after {@code delay}. */
    public static Answer after(Duration delay, Answer answer) {
        return exchange -> {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer.answer(exchange);
        };
    }

    /** An event stream sending {@code text} as it is, then ending the response normally. */
    public static Answer events(String text) {
        return exchange -> {
            OutputStream out = startEvents(exchange);
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        };
    }

    /** An event stream sending {@code text}, then breaking the connection without ending the response. */
    public static Answer eventsThenBreak(String text) {
        return exchange -> {
            OutputStream out = startEvents(exchange);
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            // Throwing out of the handler makes the server drop the connection mid-body.
            throw new IOException("connection broken on purpose");
        };
    }

    /** An event stream sending {@code text}, then nothing until the server is released. */
    public Answer eventsThenSilence(String text) {
        return exchange -> {
            OutputStream out = startEvents(exchange);
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            await();
        };
    }

    /**
     * An event stream sending {@code text}, then a keep-alive comment every 50 ms until a write
     * fails because the client closed the connection, which counts {@code clientLeft} down.
     */
    public Answer eventsThenKeepAliveUntilTheClientLeaves(String text, CountDownLatch clientLeft) {
        return exchange -> {
            OutputStream out = startEvents(exchange);
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                while (!awaitRelease(50)) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException closedByTheClient) {
                clientLeft.countDown();
                throw closedByTheClient;
            }
        };
    }

    /** No answer at all until the server is released. */
    public Answer hang() {
        return exchange -> await();
    }

    /** Headers of a JSON answer, then no body until the server is released. */
    public Answer headersThenSilence() {
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write("{\"data\":".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            await();
        };
    }

    /**
     * Headers announcing a body of {@code declaredLength} bytes, then only {@code sent}, then
     * nothing until the server is released.
     */
    public Answer partOfBodyThenSilence(int status, String contentType, int declaredLength, String sent) {
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, declaredLength);
            exchange.getResponseBody().write(sent.getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            await();
        };
    }

    private boolean awaitRelease(long millis) {
        try {
            return release.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void await() {
        try {
            release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static OutputStream startEvents(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    private static void addHeaders(HttpExchange exchange, String... pairs) {
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            exchange.getResponseHeaders().add(pairs[i], pairs[i + 1]);
        }
    }

    /** A chat answer with one sample, as JSON text. */
    public static String chatAnswer(String output) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", "data_local");
        item.put("index", 0);
        item.put("output", output);
        item.put("raw_output", output);
        item.put("model_config_id", "config_local");
        item.put("finish_reason", "stop");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("data", List.of(item));
        answer.put("provider_responses", List.of());
        answer.put("project_id", "pr_local");
        answer.put("num_samples", 1);
        return write(answer);
    }

    /** One stream event of sample {@code index}: a delta, and the finish reason on its last one. */
    public static String event(int index, String output, String finishReason) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", "data_local" + index);
        item.put("index", index);
        item.put("output", output);
        item.put("raw_output", output);
        item.put("model_config_id", "config_local");
        item.put("finish_reason", finishReason);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("data", List.of(item));
        envelope.put("project_id", "pr_local");
        envelope.put("num_samples", null);
        envelope.put("usage", finishReason == null ? null
                : Map.of("prompt_tokens", 3, "generation_tokens", 2, "total_tokens", 5));
        return "data: " + write(envelope) + "\n\n";
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
