package dev.openloop.server.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** How long {@link Backoff} waits, and how it reads {@code Retry-After}. */
class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(20));

    @Test
    void eachDelayIsBetweenHalfAndAllOfTheExponentialStep() {
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.delay(1).toMillis()).isBetween(50L, 100L);
            assertThat(backoff.delay(2).toMillis()).isBetween(100L, 200L);
            assertThat(backoff.delay(3).toMillis()).isBetween(200L, 400L);
        }
    }

    @Test
    void theDelayIsJittered() {
        long distinct = java.util.stream.IntStream.range(0, 50).mapToLong(i -> backoff.delay(3).toMillis()).distinct().count();
        assertThat(distinct).isGreaterThan(1);
    }

    @Test
    void theDelayIsCappedButNeverBelowTheBase() {
        assertThat(backoff.delay(30).toMillis()).isBetween(4_000L, 8_000L);
        Backoff slow = new Backoff(Duration.ofMinutes(10), Duration.ofSeconds(20));
        assertThat(slow.delay(1)).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(10));
        assertThat(slow.delay(4)).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(10));
    }

    @Test
    void theSmallestBasesStillGiveADelayWithinTheirStep() {
        assertThat(new Backoff(Duration.ofMillis(1), Duration.ofSeconds(20)).delay(1)).isEqualTo(Duration.ofMillis(1));
        Backoff two = new Backoff(Duration.ofMillis(2), Duration.ofSeconds(20));
        for (int i = 0; i < 50; i++) {
            assertThat(two.delay(1).toMillis()).isBetween(1L, 2L);
        }
    }

    @Test
    void aRetryAfterIsWaitedForInsteadOfTheBackoff() {
        assertThat(backoff.wait(3, Duration.ZERO)).isEqualTo(Duration.ZERO);
        assertThat(backoff.wait(1, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
        assertThat(backoff.wait(2, null).toMillis()).isBetween(100L, 200L);
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        assertThat(Backoff.parseRetryAfter("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(Backoff.parseRetryAfter(" 0 ")).isEqualTo(Duration.ZERO);
        assertThat(Backoff.parseRetryAfter("1.5")).isEqualTo(Duration.ofMillis(1500));
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.of(2020, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        assertThat(Backoff.parseRetryAfter(past)).isEqualTo(Duration.ZERO);
        String future = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));
        assertThat(Backoff.parseRetryAfter(future)).isPositive().isLessThanOrEqualTo(Duration.ofHours(1));
    }

    @Test
    void anUnreadableRetryAfterIsIgnored() {
        assertThat(Backoff.parseRetryAfter(null)).isNull();
        assertThat(Backoff.parseRetryAfter("")).isNull();
        assertThat(Backoff.parseRetryAfter("-3")).isNull();
        assertThat(Backoff.parseRetryAfter("soon")).isNull();
    }

    @Test
    void anInterruptedWaitEndsTheRetriesAndKeepsTheInterrupt() {
        Thread.currentThread().interrupt();
        try {
            assertThat(backoff.sleep(1, Duration.ofMinutes(1))).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
