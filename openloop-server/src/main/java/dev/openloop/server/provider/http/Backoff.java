package dev.openloop.server.provider.http;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before the next attempt: the provider's {@code Retry-After} when it gave one,
 * else exponential backoff from a base delay, with jitter so that many callers who failed together
 * do not retry together.
 */
final class Backoff {
    private static final Duration MAX_DELAY = Duration.ofSeconds(8);

    private final Duration base;
    private final Duration maxRetryAfter;

    Backoff(Duration base, Duration maxRetryAfter) {
        this.base = base;
        this.maxRetryAfter = maxRetryAfter;
    }

    /** A longer {@code Retry-After} than this is not waited for: the error goes to the caller. */
    Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /**
     * Waits before attempt {@code failedAttempt + 1}.
     *
     * @return {@code false} when the wait was interrupted (the server is stopping): no more attempts
     */
    boolean sleep(int failedAttempt, Duration retryAfter) {
        try {
            Thread.sleep(wait(failedAttempt, retryAfter));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** How long to wait before attempt {@code failedAttempt + 1}: the provider's word when it gave one. */
    Duration wait(int failedAttempt, Duration retryAfter) {
        return retryAfter != null ? retryAfter : delay(failedAttempt);
    }

    /**
     * Exponential backoff with "equal jitter": half the delay fixed, half random. The cap never
     * falls below the base, so a configured base is the first delay, however long.
     */
    Duration delay(int failedAttempt) {
        long exponential = base.toMillis() << Math.min(failedAttempt - 1, 16);
        long capped = Math.min(exponential, Math.max(MAX_DELAY.toMillis(), base.toMillis()));
        long half = capped / 2;
        return Duration.ofMillis(capped - half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    /** Reads a {@code Retry-After} value: seconds, or an HTTP date; {@code null} when absent or unreadable. */
    static Duration parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            double seconds = Double.parseDouble(value.strip());
            return seconds < 0 ? null : Duration.ofMillis((long) (seconds * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(when.getZone()), when);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
