package dev.openloop.server.provider.http;

import dev.openloop.server.http.ApiException;
import dev.openloop.server.provider.ProviderErrors;
import dev.openloop.server.provider.ProviderSettings;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;

/**
 * The HTTP transport every provider adapter uses, with the one resilience mechanism they share:
 * connect and read timeouts, and retries with jittered exponential backoff on connection failures,
 * 408, 429 and 5xx, honouring {@code Retry-After}, bounded in number.
 *
 * <p>A stream is retried only while opening it: once its answer is accepted, what it sends may
 * already be on its way to the client, so a later failure ends the stream instead.
 */
public final class ProviderHttp {
    private final WebClient client;
    private final Backoff backoff;
    private final int maxAttempts;
    private final Duration readTimeout;

    public ProviderHttp(ProviderSettings settings) {
        this.client = WebClient.builder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .keepAlive(true)
                .followRedirects(false)
                .build();
        this.backoff = new Backoff(settings.retryBaseDelay(), settings.maxRetryAfter());
        this.maxAttempts = settings.maxAttempts();
        this.readTimeout = settings.readTimeout();
    }

    /** Reads a provider's error body into its message. */
    @FunctionalInterface
    public interface ErrorReader {
        /** The message in {@code body}, or {@code null} when it has none. */
        String messageOf(byte[] body);
    }

    /**
     * One POST to a provider.
     *
     * @param origin the provider's display name, e.g. {@code OpenAI}
     * @param uri where to send it
     * @param headers request headers, the key among them
     * @param body the JSON body
     * @param secret the key used, scrubbed from any error message
     * @param errorReader how to read the provider's error bodies
     */
    public record Call(String origin, URI uri, Map<String, String> headers, byte[] body, String secret,
            ErrorReader errorReader) {
        @Override
        public String toString() {
            return "Call[" + origin + " " + uri + "]";
        }
    }

    /**
     * A successful answer, read whole.
     *
     * @param status its status
     * @param body its body
     * @param latency from the first attempt to the answer
     */
    public record Reply(int status, byte[] body, Duration latency) {
    }

    /** A successful answer whose body is still arriving; close it to abort the call. */
    public static final class OpenStream implements AutoCloseable {
        private final HttpClientResponse response;
        private final InputStream body;
        private final String origin;

        private OpenStream(HttpClientResponse response, String origin) {
            this.response = response;
            this.body = response.inputStream();
            this.origin = origin;
        }

        /** The body. Reading it fails with an {@link IOException} when the connection breaks. */
        public InputStream body() {
            return body;
        }

        /** Maps a failure while reading the body to the answer for it. */
        public ApiException failure(Exception e) {
            return ProviderHttp.failure(origin, e, true);
        }

        @Override
        public void close() {
            try {
                response.close();
            } catch (RuntimeException ignored) {
                // Closing an aborted connection may fail; there is nothing left to release.
            }
        }
    }

    /** Sends {@code call} and reads the whole answer, retrying as the policy allows. */
    public Reply send(Call call) {
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try (HttpClientResponse response = request(call).submit(call.body())) {
                int status = response.status().code();
                byte[] body = readAll(response);
                if (status / 100 == 2) {
                    return new Reply(status, body, Duration.ofNanos(System.nanoTime() - started));
                }
                String retryAfter = retryAfterOf(response);
                if (!retryAfterStatus(call, status, retryAfter, body, attempt)) {
                    throw ProviderErrors.fromUpstream(call.origin(), status, messageOf(call, body), retryAfter);
                }
            } catch (ApiException e) {
                throw e;
            } catch (RuntimeException | IOException e) {
                if (!isConnectionFailure(e) || attempt >= maxAttempts) {
                    throw failure(call.origin(), e, false);
                }
                backoff.sleep(attempt, null);
            }
        }
    }

    /** Opens a streaming call: retries until the provider accepts it, then hands the body over. */
    public OpenStream open(Call call) {
        for (int attempt = 1; ; attempt++) {
            HttpClientResponse response = null;
            try {
                response = request(call).header(HeaderNames.ACCEPT, "text/event-stream").submit(call.body());
                int status = response.status().code();
                if (status / 100 == 2) {
                    OpenStream open = new OpenStream(response, call.origin());
                    response = null;
                    return open;
                }
                byte[] body = readAll(response);
                String retryAfter = retryAfterOf(response);
                if (!retryAfterStatus(call, status, retryAfter, body, attempt)) {
                    throw ProviderErrors.fromUpstream(call.origin(), status, messageOf(call, body), retryAfter);
                }
            } catch (ApiException e) {
                throw e;
            } catch (RuntimeException | IOException e) {
                if (!isConnectionFailure(e) || attempt >= maxAttempts) {
                    throw failure(call.origin(), e, false);
                }
                backoff.sleep(attempt, null);
            } finally {
                if (response != null) {
                    response.close();
                }
            }
        }
    }

    private HttpClientRequest request(Call call) {
        HttpClientRequest request = client.post().uri(call.uri()).readTimeout(readTimeout);
        request.header(HeaderNames.CONTENT_TYPE, "application/json");
        call.headers().forEach((name, value) -> request.header(HeaderNames.create(name), value));
        return request;
    }

    /** Whether to try again after an error status; sleeps the backoff when so. */
    private boolean retryAfterStatus(Call call, int status, String retryAfter, byte[] body, int attempt) {
        boolean retryable = status == 408 || status == 429 || status >= 500;
        if (!retryable || attempt >= maxAttempts) {
            return false;
        }
        Duration wait = Backoff.parseRetryAfter(retryAfter);
        if (wait != null && wait.compareTo(backoff.maxRetryAfter()) > 0) {
            return false;
        }
        backoff.sleep(attempt, wait);
        return true;
    }

    private static byte[] readAll(HttpClientResponse response) throws IOException {
        try (InputStream in = response.inputStream()) {
            return in.readAllBytes();
        }
    }

    private static String retryAfterOf(HttpClientResponse response) {
        // OpenAI also sends retry-after-ms, finer than the standard header's seconds.
        String millis = response.headers().first(HeaderNames.create("retry-after-ms")).orElse(null);
        if (millis != null && response.headers().first(HeaderNames.RETRY_AFTER).isEmpty()) {
            try {
                return String.valueOf(Math.max(1, (long) Math.ceil(Double.parseDouble(millis) / 1000)));
            } catch (NumberFormatException ignored) {
                return null;
            }
        }
        return response.headers().first(HeaderNames.RETRY_AFTER).orElse(null);
    }

    private static String messageOf(Call call, byte[] body) {
        String message;
        try {
            message = call.errorReader().messageOf(body);
        } catch (RuntimeException e) {
            message = null;
        }
        return ProviderErrors.scrub(message, call.secret());
    }

    private static boolean isConnectionFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException timeout) {
                return timeout.getMessage() != null && timeout.getMessage().toLowerCase().contains("connect");
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException) {
                return true;
            }
            String message = cause.getMessage();
            if (cause instanceof IOException && message != null
                    && (message.contains("reset") || message.contains("closed") || message.contains("Broken pipe")
                    || message.contains("end of stream"))) {
                return true;
            }
        }
        return false;
    }

    private static ApiException failure(String origin, Throwable e, boolean streaming) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return ProviderErrors.timeout(origin, streaming
                        ? "stopped sending in the middle of the stream (read timeout)"
                        : "did not answer in time");
            }
            if (cause instanceof UnknownHostException || cause instanceof ConnectException
                    || cause instanceof NoRouteToHostException) {
                return ProviderErrors.unreachable(origin, "could not be reached: " + cause.getClass().getSimpleName());
            }
        }
        String what = e instanceof UncheckedIOException unchecked ? unchecked.getCause().getMessage() : e.getMessage();
        return ProviderErrors.unreachable(origin, (streaming ? "broke the stream: " : "broke the connection: ") + what);
    }
}
