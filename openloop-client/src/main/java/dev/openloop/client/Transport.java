package dev.openloop.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP side every group of the client shares: builds the request (URL, {@code X-API-KEY},
 * JSON), sends it with the timeout, tries again what may pass and cannot run twice (see
 * {@link RetryPolicy}), and turns error answers into exceptions through {@link ApiErrors}. A group
 * only says which operation it calls and what type the answer has.
 */
final class Transport {
    /** The most of an error body that is read; an error body larger than this is cut. */
    private static final int MAX_ERROR_BODY = 1 << 20;

    private final ClientOptions options;
    private final HttpClient http;
    private final RetryPolicy clientRetries;
    private volatile boolean closed;

    Transport(ClientOptions options, HttpClient http) {
        this.options = options;
        this.http = http;
        this.clientRetries = new RetryPolicy(options.maxRetries(), options.initialRetryDelay(), options.maxRetryDelay());
    }

    ClientOptions options() {
        return options;
    }

    /** The timeout of a call with these options: theirs, else the client's. */
    Duration timeout(RequestOptions call) {
        return call.timeout().orElse(options.timeout());
    }

    /** Sends {@code request} and reads the whole answer as {@code type}. */
    <T> ApiResponse<T> send(ApiRequest request, JavaType type, RequestOptions call) {
        Exchange<byte[]> exchange = execute(request, call, HttpResponse.BodyHandlers.ofByteArray(), true, body -> body);
        HttpResponse<byte[]> response = exchange.response();
        if (type.getRawClass() == Void.class) {
            return new ApiResponse<>(null, MissingNode.getInstance(), response.statusCode(),
                    Headers.of(response.headers()), exchange.roundTripTime());
        }
        try {
            JsonNode raw = Json.MAPPER.readTree(response.body());
            if (raw == null || raw.isMissingNode()) {
                throw malformed(request, response, "an empty body", null);
            }
            T body = Json.MAPPER.treeToValue(raw, type);
            return new ApiResponse<>(body, raw, response.statusCode(), Headers.of(response.headers()),
                    exchange.roundTripTime());
        } catch (IOException | IllegalArgumentException e) {
            throw malformed(request, response, "a body that is not " + type.getRawClass().getSimpleName() + " JSON", e);
        }
    }

    /**
     * Sends {@code request} and returns as soon as a successful answer starts, with its body still
     * to be read; an error answer is read whole and thrown (or tried again).
     */
    Exchange<InputStream> open(ApiRequest request, RequestOptions call) {
        // The request's timeout ends at the headers: an error body that stalls would hold the caller
        // forever, so its reading is bounded too.
        return execute(request, call, HttpResponse.BodyHandlers.ofInputStream(), false,
                body -> TimedRead.readAtMost(body, MAX_ERROR_BODY, timeout(call)));
    }

    /**
     * Like {@link #open}, for an answer that must be server-sent events: any other content type
     * (e.g. a server that ignored {@code "stream": true} and answered JSON) is refused.
     */
    Exchange<InputStream> openEventStream(ApiRequest request, RequestOptions call) {
        Exchange<InputStream> exchange = open(request, call);
        HttpResponse<InputStream> response = exchange.response();
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
            try {
                TimedRead.readAtMost(response.body(), MAX_ERROR_BODY, timeout(call));
            } catch (IOException e) {
                // Read only to free the connection: one that fails or stalls is closed instead.
            }
            throw malformed(request, response, "content type '" + contentType + "' instead of text/event-stream", null);
        }
        return exchange;
    }

    /** A successful answer and how long its attempt took. */
    record Exchange<B>(HttpResponse<B> response, Duration roundTripTime) {
    }

    @FunctionalInterface
    private interface ErrorBodyReader<B> {
        byte[] read(B body) throws IOException;
    }

    /**
     * The attempts of one call. {@code wholeBody}: whether the timeout covers reading the body too
     * (it does for whole answers; a stream's body is watched by {@link StallWatch} instead).
     */
    private <B> Exchange<B> execute(ApiRequest request, RequestOptions call, HttpResponse.BodyHandler<B> handler,
            boolean wholeBody, ErrorBodyReader<B> errorBody) {
        ensureOpen();
        Duration timeout = timeout(call);
        RetryPolicy retries = clientRetries.withMaxRetries(call.maxRetries().orElse(options.maxRetries()));
        HttpRequest httpRequest = toHttpRequest(request, timeout, call.headers());
        for (int attempt = 1; ; attempt++) {
            long started = System.nanoTime();
            HttpResponse<B> response;
            try {
                response = exchange(httpRequest, handler, wholeBody, timeout);
            } catch (IOException e) {
                awaitRetry(connectionFailure(request, e, timeout), retries.delayAfterFailure(attempt, request.method(), e),
                        request);
                continue;
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Exchange<>(response, elapsedSince(started));
            }
            byte[] body;
            try {
                body = errorBody.read(response.body());
            } catch (IOException e) {
                // The status says enough; a body cut off on the way is not worth losing it for.
                body = new byte[0];
            }
            ApiException error = ApiErrors.fromResponse(status, response.headers(), body, elapsedSince(started));
            awaitRetry(error, retries.delayAfterError(attempt, status, response.headers()), request);
        }
    }

    /** Waits {@code wait} before the next attempt, or throws {@code failure} when there is to be none. */
    private void awaitRetry(HumanloopException failure, Duration wait, ApiRequest request) {
        if (wait == null || closed) {
            throw failure;
        }
        pause(wait, request);
        // A client closed during the wait makes no further attempt: what it would send with is going away.
        if (closed) {
            throw failure;
        }
    }

    /** Marks the client closed: calls from now on are refused, and calls under way are not tried again. */
    void close() {
        closed = true;
    }

    /** @throws IllegalStateException when the client is closed */
    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("This Humanloop client is closed: build a new one to make further calls");
        }
    }

    /** One attempt, bounded by the timeout; interrupting the caller aborts it. */
    private <B> HttpResponse<B> exchange(HttpRequest request, HttpResponse.BodyHandler<B> handler, boolean wholeBody,
            Duration timeout) throws IOException {
        CompletableFuture<HttpResponse<B>> future = http.sendAsync(request, handler);
        try {
            // The request's own timeout ends at the response headers; this one covers the body too.
            return wholeBody ? future.get(timeout.toNanos(), TimeUnit.NANOSECONDS) : future.get();
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException("request timed out");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new HumanloopException("Interrupted while waiting for " + describe(request), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }

    /** The HTTP request; {@code extraHeaders}, the call's own, replace the client's of the same name. */
    private HttpRequest toHttpRequest(ApiRequest request, Duration timeout, Map<String, String> extraHeaders) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(request))
                .timeout(timeout)
                .header("X-API-KEY", options.apiKey())
                .header("Accept", "application/json")
                .header("User-Agent", options.userAgent());
        if (request.body() == null) {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            byte[] json;
            try {
                json = Json.MAPPER.writeValueAsBytes(request.body());
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("The request cannot be written as JSON: " + e.getOriginalMessage(), e);
            }
            builder.header("Content-Type", "application/json")
                    .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(json));
        }
        extraHeaders.forEach(builder::setHeader);
        return builder.build();
    }

    private URI uri(ApiRequest request) {
        StringBuilder uri = new StringBuilder(options.basePath()).append(request.path());
        if (!request.query().isEmpty()) {
            StringJoiner query = new StringJoiner("&", "?", "");
            for (Map.Entry<String, List<String>> parameter : request.query().entrySet()) {
                for (String value : parameter.getValue()) {
                    query.add(encode(parameter.getKey()) + "=" + encode(value));
                }
            }
            uri.append(query);
        }
        return URI.create(uri.toString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String describe(HttpRequest request) {
        return request.method() + " " + request.uri().getPath();
    }

    private ApiConnectionException connectionFailure(ApiRequest request, IOException e, Duration timeout) {
        String where = request.describe() + " at " + options.basePath();
        if (e instanceof HttpConnectTimeoutException) {
            return new ApiTimeoutException("Could not connect for " + where + " within the connect timeout", e);
        }
        if (e instanceof HttpTimeoutException) {
            return new ApiTimeoutException("No answer to " + where + " within " + timeout, e);
        }
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ApiConnectionException("The connection failed for " + where + ": " + why, e);
    }

    private static MalformedResponseException malformed(ApiRequest request, HttpResponse<?> response, String what,
            Throwable cause) {
        return new MalformedResponseException(request.describe() + " was answered " + response.statusCode() + " with "
                + what, response.statusCode(), response.headers(), cause);
    }

    private static void pause(Duration wait, ApiRequest request) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HumanloopException("Interrupted while waiting to try " + request.describe() + " again", e);
        }
    }

    private static Duration elapsedSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
