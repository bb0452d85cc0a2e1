package dev.openloop.client;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which failures are tried again, and after how long.
 *
 * <p>Tried again: connection failures and timeouts, 408, 429 and every 5xx, all of which may pass.
 * Never tried again: the other 4xx, which the caller has to fix, and answers that arrived but
 * cannot be read. The wait is the server's {@code Retry-After} when it sent one, else exponential
 * backoff with jitter, so that clients that failed together do not come back together. A
 * {@code Retry-After} longer than {@link #MAX_RETRY_AFTER} is not waited for: the error goes to
 * the caller, who can decide with {@link ApiException#retryAfter()}.
 */
final class RetryPolicy {
    /** The longest {@code Retry-After} the client waits for by itself. */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

    private final int maxRetries;
    private final Duration initialDelay;
    private final Duration maxDelay;

    RetryPolicy(int maxRetries, Duration initialDelay, Duration maxDelay) {
        this.maxRetries = maxRetries;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
    }

    /** Whether another attempt may follow attempt number {@code attempt} (from 1). */
    boolean mayRetry(int attempt) {
        return attempt <= maxRetries;
    }

    /** Whether an answer with {@code status} is worth another attempt. */
    static boolean retriesStatus(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /**
     * How long to wait after attempt {@code attempt} was answered with an error, or {@code null}
     * when it must not be tried again.
     */
    Duration delayAfterError(int attempt, int status, HttpHeaders headers) {
        if (!mayRetry(attempt) || !retriesStatus(status)) {
            return null;
        }
        Duration retryAfter = retryAfter(headers);
        if (retryAfter == null) {
            return backoff(attempt);
        }
        return retryAfter.compareTo(MAX_RETRY_AFTER) <= 0 ? retryAfter : null;
    }

    /** How long to wait after attempt {@code attempt} could not connect, or {@code null} when it must not be tried again. */
    Duration delayAfterConnectionFailure(int attempt) {
        return mayRetry(attempt) ? backoff(attempt) : null;
    }

    /** Exponential backoff with "equal jitter": half of the delay fixed, half random. */
    Duration backoff(int attempt) {
        long exponential = initialDelay.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(exponential, maxDelay.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
    }

    /** The {@code Retry-After} header: seconds or an HTTP date; {@code null} when absent or unreadable. */
    static Duration retryAfter(HttpHeaders headers) {
        String value = headers.firstValue("Retry-After").map(String::strip).orElse("");
        if (value.isEmpty()) {
            return null;
        }
        try {
            double seconds = Double.parseDouble(value);
            return seconds >= 0 && Double.isFinite(seconds) ? Duration.ofMillis((long) (seconds * 1000)) : null;
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(when.getZone()), when);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
