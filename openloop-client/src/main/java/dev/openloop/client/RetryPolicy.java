package dev.openloop.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which failures are tried again, and after how long.
 *
 * <p>An error answer is tried again when the server says so with {@code x-should-retry: true},
 * and never when it says {@code x-should-retry: false} (OpenLoop sends that on a provider error it
 * has already retried itself). Without that header, 408, 429 and every 5xx are tried again: they
 * may pass; the other 4xx are the caller's to fix.
 *
 * <p>A call that got no answer is tried again only when that cannot run it twice: a connection
 * that could not be made (the request never left) is tried again for every method; a timeout or a
 * connection that broke once made only for the idempotent methods (GET, DELETE). A POST or PATCH
 * may have been carried out already: a chat of ten minutes, run again, would run twice. Answers
 * that arrived but cannot be read are never tried again.
 *
 * <p>The wait is the server's {@code retry-after-ms} (milliseconds), else its {@code Retry-After}
 * (seconds or an HTTP date), else exponential backoff with jitter, so that clients that failed
 * together do not come back together. A wait asked for longer than {@link #MAX_RETRY_AFTER} is not
 * waited for: the error goes to the caller, who can decide with {@link ApiException#retryAfter()}.
 */
final class RetryPolicy {
    /** The longest wait asked by the server that the client waits for by itself. */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

    /** The methods that can be sent twice with the effect of once (RFC 9110, 9.2.2). */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

    private final int maxRetries;
    private final Duration initialDelay;
    private final Duration maxDelay;

    RetryPolicy(int maxRetries, Duration initialDelay, Duration maxDelay) {
        this.maxRetries = maxRetries;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
    }

    /** The same waits with another number of retries. */
    RetryPolicy withMaxRetries(int retries) {
        return retries == maxRetries ? this : new RetryPolicy(retries, initialDelay, maxDelay);
    }

    /** Whether another attempt may follow attempt number {@code attempt} (from 1). */
    boolean mayRetry(int attempt) {
        return attempt <= maxRetries;
    }

    /** Whether an answer with {@code status} is worth another attempt when the server does not say. */
    static boolean retriesStatus(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /**
     * Whether an error answer is worth another attempt: {@code x-should-retry} when the server sent
     * it, else its status.
     */
    static boolean retriesAnswer(int status, HttpHeaders headers) {
        String says = headers.firstValue("x-should-retry").map(v -> v.strip().toLowerCase(Locale.ROOT)).orElse("");
        return switch (says) {
            case "true" -> true;
            case "false" -> false;
            default -> retriesStatus(status);
        };
    }

    /**
     * Whether a call of {@code method} that got no answer, because of {@code failure}, is worth
     * another attempt: always when it could not connect, else only when the method is idempotent.
     */
    static boolean retriesFailure(String method, IOException failure) {
        return couldNotConnect(failure) || IDEMPOTENT.contains(method);
    }

    /** Whether the connection could not be made at all, so that the request never left. */
    static boolean couldNotConnect(IOException failure) {
        return failure instanceof ConnectException || failure instanceof HttpConnectTimeoutException;
    }

    /**
     * How long to wait after attempt {@code attempt} was answered with an error, or {@code null}
     * when it must not be tried again.
     */
    Duration delayAfterError(int attempt, int status, HttpHeaders headers) {
        if (!mayRetry(attempt) || !retriesAnswer(status, headers)) {
            return null;
        }
        Duration asked = retryAfter(headers);
        if (asked == null) {
            return backoff(attempt);
        }
        return asked.compareTo(MAX_RETRY_AFTER) <= 0 ? asked : null;
    }

    /**
     * How long to wait after attempt {@code attempt} of {@code method} got no answer, or
     * {@code null} when it must not be tried again.
     */
    Duration delayAfterFailure(int attempt, String method, IOException failure) {
        return mayRetry(attempt) && retriesFailure(method, failure) ? backoff(attempt) : null;
    }

    /**
     * Exponential backoff with "equal jitter": the initial delay doubled for each attempt after
     * the first, at most the maximum; of that, half is fixed and half is random.
     */
    Duration backoff(int attempt) {
        long max = maxDelay.toMillis();
        long delay = Math.min(initialDelay.toMillis(), max);
        for (int doubled = 1; doubled < attempt && delay < max; doubled++) {
            delay = delay > max / 2 ? max : delay * 2;
        }
        long half = delay / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(delay - half + 1));
    }

    /**
     * The wait the server asked for: {@code retry-after-ms} (OpenAI's, finer), else
     * {@code Retry-After}; {@code null} when it sent neither in a readable form.
     */
    static Duration retryAfter(HttpHeaders headers) {
        Duration millis = headers.firstValue("retry-after-ms").map(String::strip)
                .map(value -> nonNegative(value, 1)).orElse(null);
        return millis != null ? millis : standardRetryAfter(headers);
    }

    /** {@code Retry-After}: seconds or an HTTP date. */
    private static Duration standardRetryAfter(HttpHeaders headers) {
        String value = headers.firstValue("Retry-After").map(String::strip).orElse("");
        if (value.isEmpty()) {
            return null;
        }
        Duration seconds = nonNegative(value, 1000);
        if (seconds != null) {
            return seconds;
        }
        try {
            ZonedDateTime when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(ZonedDateTime.now(when.getZone()), when);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException notDate) {
            return null;
        }
    }

    /** {@code value} as a number of units of {@code millisPerUnit} ms; {@code null} when it is not one. */
    private static Duration nonNegative(String value, long millisPerUnit) {
        try {
            double units = Double.parseDouble(value);
            return units >= 0 && Double.isFinite(units) ? Duration.ofMillis((long) (units * millisPerUnit)) : null;
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }
}
