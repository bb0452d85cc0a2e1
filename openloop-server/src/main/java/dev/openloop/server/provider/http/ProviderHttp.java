package dev.openloop.server.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.provider.ProviderFailure;
import dev.openloop.server.json.Json;
import dev.openloop.server.provider.ProviderErrors;
import dev.openloop.server.provider.ProviderSettings;
import dev.openloop.server.provider.ServerKeys;
import dev.openloop.server.transport.SizedBodies;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.ClientResponseHeaders;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.RuntimeUnknownHostException;
import io.helidon.webclient.api.WebClient;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.io.InputStream;
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
 * <p>What is retried: a connection that could not be made (the provider's host name did not
 * resolve, the connection was refused or timed out), or that the provider closed or reset before
 * its answer was whole, the statuses above, and Cohere's 499 (a request it says was cancelled,
 * which its docs say to try again). What is not: any other status (the same request would fail
 * the same way), a read timeout (the provider may still be working on it; trying again would
 * multiply the wait by the number of attempts), and a {@code Retry-After} longer than
 * {@code OPENLOOP_PROVIDER_MAX_RETRY_AFTER_MS}, which goes back to the caller.
 *
 * <p>A failure answered after the retries, or one not retried, tells the client not to retry
 * either ({@link ProviderFailure#clientMayRetry()}). Retrying is left to the client only when
 * the server did not make the attempts its policy allows: a {@code Retry-After} passed on instead
 * of waited for, or a wait cut short because the node is stopping.
 *
 * <p>A stream is retried only while opening it: once its answer is accepted, what it sends may
 * already be on its way to the client, so a later failure ends the stream instead.
 */
public final class ProviderHttp {
    /** How Helidon's resolver begins the message of a host name it could not resolve. */
    private static final String HELIDON_UNRESOLVED_HOST = "Failed to get address for host";
    /** The most of an error answer read: providers' error objects take a few hundred bytes. */
    static final int MAX_ERROR_BODY_BYTES = 64 * 1024;
    /** The largest body read into an array of its announced size at once; a larger one is read as it comes. */
    private static final int MAX_SIZED_BODY_BYTES = 16 * 1024 * 1024;

    private final WebClient client;
    private final Backoff backoff;
    private final int maxAttempts;
    private final Duration readTimeout;
    private final ServerKeys serverKeys;

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
        this.serverKeys = settings.serverKeys();
    }

    /** Reads a provider's error body into its message. */
    @FunctionalInterface
    public interface ErrorReader {
        /** The message in {@code body}, or {@code null} when it has none. */
        String messageOf(byte[] body);

        /**
         * The status the error stands for: {@code status} itself, unless the provider answers a
         * failure with a status that says less than its body (Google answers a key it does not
         * know with a 400 whose body says so). Retrying still follows the status sent.
         */
        default int statusOf(int status, byte[] body) {
            return status;
        }

        /**
         * How long the provider asks to wait, in whole seconds as {@code Retry-After} gives them,
         * when it says so in the body instead of the header (Google's {@code RetryInfo}); read only
         * when the answer has no {@code Retry-After}. {@code null} when the body says nothing.
         */
        default String retryAfterOf(byte[] body) {
            return null;
        }
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

        /** The body as a JSON object; a provider fault (502) when it is anything else. */
        public JsonNode jsonObject(String origin) {
            JsonNode answer;
            try {
                answer = Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw ProviderErrors.malformed(origin, "the answer is not JSON");
            }
            if (answer == null || !answer.isObject()) {
                throw ProviderErrors.malformed(origin, "the answer is not a JSON object");
            }
            return answer;
        }
    }

    /** A successful answer whose body is still arriving; close it to abort the call. */
    public static final class OpenStream implements AutoCloseable {
        private final HttpClientResponse response;
        private final InputStream body;
        private final String origin;
        private final String secret;

        private OpenStream(HttpClientResponse response, String origin, String secret) {
            this.response = response;
            this.body = response.inputStream();
            this.origin = origin;
            this.secret = secret;
        }

        /** The body. Reading it fails with an {@link IOException} when the connection breaks. */
        public InputStream body() {
            return body;
        }

        /** Maps a failure while reading the body to the answer for it. */
        public ProviderFailure failure(Exception e) {
            return ProviderHttp.failure(origin, secret, e, true);
        }

        /** {@code text}, from the provider or about what it sent, without the call's key. */
        public String scrub(String text) {
            return ProviderErrors.scrub(text, secret);
        }

        /**
         * Aborts the call if its body is not over: the connection is closed, so the provider sees
         * it go and stops generating. Two things make sure of that. The stream was opened on a
         * connection of its own ({@code Connection: close}), which Helidon closes rather than
         * pools whatever the body's framing; without it, a body framed by the end of the
         * connection would be handed back to the pool still streaming. And the body's own
         * stream is not closed first: Helidon's entity stream reads on when closed, which would
         * block until the provider sends more, up to the read timeout.
         */
        @Override
        public void close() {
            try {
                response.close();
            } catch (RuntimeException ignored) {
                // Closing an aborted connection may fail; there is nothing left to release.
            }
        }
    }

    /** Why an attempt failed, and whether and when another one may follow. */
    private record Failed(ProviderFailure error, boolean retryable, Duration retryAfter) {
    }

    /** Sends {@code call} and reads the whole answer, retrying as the policy allows. */
    public Reply send(Call call) {
        try {
            return sendRetrying(call);
        } catch (ProviderFailure failure) {
            throw keyFailed(call, failure);
        }
    }

    /** Opens a streaming call: retries until the provider accepts it, then hands the body over. */
    public OpenStream open(Call call) {
        try {
            return openRetrying(call);
        } catch (ProviderFailure failure) {
            throw keyFailed(call, failure);
        }
    }

    /**
     * Tells the server's keys how a call with one of them failed (a rate limit cools the key down,
     * a refusal takes it out), and marks the failure as the server key's.
     */
    private ProviderFailure keyFailed(Call call, ProviderFailure failure) {
        if (call.secret() == null || !serverKeys.isServers(call.secret())) {
            return failure;
        }
        serverKeys.failed(call.secret(), failure, Backoff.parseRetryAfter(failure.retryAfter()));
        return failure.byServerKey();
    }

    private Reply sendRetrying(Call call) {
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            Failed failed;
            try (HttpClientResponse response = request(call).submit(call.body())) {
                int status = response.status().code();
                if (status / 100 == 2) {
                    return new Reply(status, readAll(response), Duration.ofNanos(System.nanoTime() - started));
                }
                failed = refused(call, status, response.headers(), readErrorBody(response));
            } catch (RuntimeException | IOException e) {
                // Nothing of this answer has reached the client: a broken one can be asked for again.
                failed = broken(call, e);
            }
            awaitRetry(failed, attempt);
        }
    }

    private OpenStream openRetrying(Call call) {
        for (int attempt = 1; ; attempt++) {
            HttpClientResponse response = null;
            Failed failed;
            try {
                response = request(call)
                        .header(HeaderNames.ACCEPT, "text/event-stream")
                        .header(HeaderValues.CONNECTION_CLOSE)
                        .submit(call.body());
                int status = response.status().code();
                if (status / 100 == 2) {
                    OpenStream open = new OpenStream(response, call.origin(), call.secret());
                    response = null;
                    return open;
                }
                failed = refused(call, status, response.headers(), readErrorBody(response));
            } catch (RuntimeException | IOException e) {
                failed = broken(call, e);
            } finally {
                if (response != null) {
                    response.close();
                }
            }
            awaitRetry(failed, attempt);
        }
    }

    private HttpClientRequest request(Call call) {
        HttpClientRequest request = client.post().uri(call.uri()).readTimeout(readTimeout);
        request.header(HeaderNames.CONTENT_TYPE, "application/json");
        call.headers().forEach((name, value) -> request.header(HeaderNames.create(name), value));
        // The provider call's span, when tracing is on, as the provider's parent.
        W3CTraceContextPropagator.getInstance().inject(Context.current(), request,
                (carrier, name, value) -> carrier.header(HeaderNames.create(name), value));
        return request;
    }

    /** Returns after the backoff when another attempt may follow; otherwise throws the failure. */
    private void awaitRetry(Failed failed, int attempt) {
        if (!failed.retryable() || attempt >= maxAttempts) {
            throw failed.error();
        }
        if (failed.retryAfter() != null && failed.retryAfter().compareTo(backoff.maxRetryAfter()) > 0) {
            throw failed.error().leavingRetryToClient();
        }
        if (!backoff.sleep(attempt, failed.retryAfter())) {
            // Interrupted: this node is stopping, with no time for the attempts the policy allows;
            // the client may make them, on another node.
            throw failed.error().leavingRetryToClient();
        }
    }

    /** The provider answered with an error status. */
    private static Failed refused(Call call, int status, ClientResponseHeaders headers, byte[] body) {
        String retryAfterSeconds = headers.first(HeaderNames.RETRY_AFTER).orElse(null);
        // OpenAI also sends retry-after-ms, finer than the standard header's seconds: wait by it,
        // and pass on the standard header (made from it when the provider sent only the finer one).
        Duration retryAfterMillis = millis(headers.first(HeaderNames.create("retry-after-ms")).orElse(null));
        if (retryAfterSeconds == null && retryAfterMillis == null) {
            retryAfterSeconds = retryAfterOf(call, body);
        }
        Duration wait = retryAfterMillis != null ? retryAfterMillis : Backoff.parseRetryAfter(retryAfterSeconds);
        String passedOn = retryAfterSeconds != null || retryAfterMillis == null
                ? retryAfterSeconds
                : String.valueOf((retryAfterMillis.toMillis() + 999) / 1000);
        boolean retryable = status == 408 || status == 429 || status == 499 || status >= 500;
        return new Failed(ProviderErrors.fromUpstream(call.origin(), statusOf(call, status, body), messageOf(call, body), passedOn),
                retryable,
                wait);
    }

    /** The call failed without an answer: the connection could not be made, broke, or timed out. */
    private static Failed broken(Call call, Exception e) {
        return new Failed(failure(call.origin(), call.secret(), e, false), isConnectionFailure(e), null);
    }

    private static Duration millis(String value) {
        if (value == null) {
            return null;
        }
        try {
            double millis = Double.parseDouble(value.strip());
            return millis < 0 ? null : Duration.ofMillis((long) Math.ceil(millis));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The whole body, in one array of its {@code Content-Length} where it has one. */
    private static byte[] readAll(HttpClientResponse response) throws IOException {
        try (InputStream in = response.inputStream()) {
            return SizedBodies.readAll(in, response.headers().contentLength().orElse(-1), MAX_SIZED_BODY_BYTES);
        }
    }

    /**
     * The start of an error answer: enough for any provider's error object; the rest is not read
     * into memory, since where a request named the endpoint, its answer is anyone's.
     */
    private static byte[] readErrorBody(HttpClientResponse response) throws IOException {
        // The stream is left to the response's own closing: closing the stream would read on to its end.
        return response.inputStream().readNBytes(MAX_ERROR_BODY_BYTES);
    }

    private static String retryAfterOf(Call call, byte[] body) {
        try {
            return call.errorReader().retryAfterOf(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int statusOf(Call call, int status, byte[] body) {
        try {
            return call.errorReader().statusOf(status, body);
        } catch (RuntimeException e) {
            return status;
        }
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

    /** Whether {@code e} means the connection failed, so that the same request may succeed on another. */
    private static boolean isConnectionFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException timeout) {
                // Only a connect timeout: a read timeout is not retried (see the class comment).
                return timeout.getMessage() != null && timeout.getMessage().toLowerCase().contains("connect");
            }
            if (couldNotConnect(cause) || closedEarly(cause)) {
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

    /** Whether {@code e} means no connection to the provider could be made at all. */
    private static boolean couldNotConnect(Throwable e) {
        return isUnresolvedHost(e) || e instanceof ConnectException || e instanceof NoRouteToHostException;
    }

    /**
     * Whether {@code e} means the provider's host name did not resolve. Helidon's resolver reports
     * that as an {@link IllegalArgumentException} of its own, without the JDK's
     * {@link UnknownHostException} as its cause, so only its message tells it apart from other
     * illegal arguments.
     */
    private static boolean isUnresolvedHost(Throwable e) {
        return e instanceof UnknownHostException || e instanceof RuntimeUnknownHostException
                || (e instanceof IllegalArgumentException && e.getMessage() != null
                        && e.getMessage().startsWith(HELIDON_UNRESOLVED_HOST));
    }

    /**
     * Whether the provider closed the connection before its answer was whole: Helidon reports
     * running out of bytes this way, with no message, rather than as an {@link IOException}.
     */
    private static boolean closedEarly(Throwable e) {
        return e instanceof DataReader.InsufficientDataAvailableException;
    }

    private static ProviderFailure failure(String origin, String secret, Throwable e, boolean streaming) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException timeout) {
                boolean connecting = timeout.getMessage() != null && timeout.getMessage().toLowerCase().contains("connect");
                return ProviderErrors.timeout(origin, connecting
                        ? "could not be connected to in time (connect timeout)"
                        : streaming
                        ? "stopped sending in the middle of the stream (read timeout)"
                        : "did not answer in time (read timeout)");
            }
            if (isUnresolvedHost(cause)) {
                return ProviderErrors.unreachable(origin, "could not be reached: its host name did not resolve");
            }
            if (couldNotConnect(cause)) {
                return ProviderErrors.unreachable(origin, "could not be reached: " + cause.getClass().getSimpleName());
            }
            if (closedEarly(cause)) {
                return ProviderErrors.unreachable(origin, streaming
                        ? "closed the connection in the middle of the stream"
                        : "closed the connection before its answer was complete");
            }
        }
        // The exception's own words may quote what was sent or received; they go out without the key.
        return ProviderErrors.unreachable(origin, (streaming ? "broke the stream: " : "broke the connection: ")
                + ProviderErrors.scrub(describe(e), secret));
    }

    /** The innermost message of {@code e}, or the name of what happened when there is none. */
    private static String describe(Throwable e) {
        String message = null;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                message = cause.getMessage();
            } else if (message == null) {
                message = cause.getClass().getSimpleName();
            }
        }
        return message;
    }
}
