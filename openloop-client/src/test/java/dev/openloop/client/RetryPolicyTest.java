package dev.openloop.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The retry decisions and waits themselves, without a server: bounds, jitter, and each rule. */
class RetryPolicyTest {
    private static final RetryPolicy POLICY = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(8));
    private static final HttpHeaders NONE = headers();

    private static HttpHeaders headers(String... pairs) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            map.put(pairs[i], List.of(pairs[i + 1]));
        }
        return HttpHeaders.of(map, (name, value) -> true);
    }

    @ParameterizedTest
    @CsvSource({"1, 500", "2, 1000", "3, 2000", "4, 4000", "5, 8000", "6, 8000", "40, 8000", "2000000000, 8000"})
    void theBackoffDoublesUpToTheMaximumAndItsJitterSpansItsUpperHalf(int attempt, long fullMillis) {
        Set<Long> seen = new HashSet<>();
        long least = Long.MAX_VALUE;
        long most = Long.MIN_VALUE;
        for (int i = 0; i < 2_000; i++) {
            long wait = POLICY.backoff(attempt).toMillis();
            seen.add(wait);
            least = Math.min(least, wait);
            most = Math.max(most, wait);
        }
        assertThat(least).isGreaterThanOrEqualTo(fullMillis / 2);
        assertThat(most).isLessThanOrEqualTo(fullMillis);
        // Random, not fixed: clients that failed together spread out. Reaching near both ends
        // shows the range is used, not just a corner of it.
        assertThat(seen.size()).isGreaterThan(100);
        assertThat(least).isLessThan(fullMillis / 2 + fullMillis / 10);
        assertThat(most).isGreaterThan(fullMillis - fullMillis / 10);
    }

    @Test
    void noInitialDelayMeansNoWait() {
        RetryPolicy immediate = new RetryPolicy(3, Duration.ZERO, Duration.ofSeconds(8));
        assertThat(immediate.backoff(1)).isZero();
        assertThat(immediate.backoff(3)).isZero();
    }

    @Test
    void anInitialDelayAboveTheMaximumIsCutToIt() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(30), Duration.ofSeconds(2));
        assertThat(policy.backoff(1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void theRetriesRunOut() {
        RetryPolicy twice = new RetryPolicy(2, Duration.ZERO, Duration.ZERO);
        assertThat(twice.delayAfterError(2, 503, NONE)).isNotNull();
        assertThat(twice.delayAfterError(3, 503, NONE)).isNull();
        assertThat(twice.delayAfterFailure(3, "GET", new ConnectException())).isNull();
        assertThat(twice.withMaxRetries(0).delayAfterError(1, 503, NONE)).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            // status, x-should-retry, retried
            "503, , true", "500, , true", "429, , true", "408, , true",
            "400, , false", "401, , false", "404, , false", "409, , false", "422, , false",
            "503, false, false", "429, FALSE, false",
            "400, true, true", "422, ' true ', true",
            "503, maybe, true", "400, maybe, false"})
    void theServersSayComesBeforeTheStatus(int status, String shouldRetry, boolean retried) {
        HttpHeaders headers = shouldRetry == null ? NONE : headers("x-should-retry", shouldRetry);
        assertThat(RetryPolicy.retriesAnswer(status, headers)).isEqualTo(retried);
        assertThat(POLICY.delayAfterError(1, status, headers) != null).isEqualTo(retried);
    }

    @ParameterizedTest
    @CsvSource({
            // method, failure, retried
            "POST, refused, true", "PATCH, refused, true", "GET, refused, true", "DELETE, refused, true",
            "POST, connect-timeout, true", "GET, connect-timeout, true",
            "POST, timeout, false", "PATCH, timeout, false", "GET, timeout, true", "DELETE, timeout, true",
            "POST, broken, false", "PATCH, broken, false", "GET, broken, true", "DELETE, broken, true"})
    void aCallWithoutAnAnswerIsRetriedOnlyWhenItCannotRunTwice(String method, String failure, boolean retried) {
        IOException cause = switch (failure) {
            case "refused" -> new ConnectException("Connection refused");
            case "connect-timeout" -> new HttpConnectTimeoutException("HTTP connect timed out");
            case "timeout" -> new HttpTimeoutException("request timed out");
            default -> new IOException("HTTP/1.1 header parser received no bytes");
        };
        assertThat(RetryPolicy.retriesFailure(method, cause)).isEqualTo(retried);
        assertThat(POLICY.delayAfterFailure(1, method, cause) != null).isEqualTo(retried);
    }

    @Test
    void retryAfterMsIsReadBeforeRetryAfter() {
        assertThat(RetryPolicy.retryAfter(headers("retry-after-ms", "250", "Retry-After", "3"))).hasMillis(250);
        assertThat(RetryPolicy.retryAfter(headers("Retry-After", "3"))).hasSeconds(3);
        assertThat(RetryPolicy.retryAfter(headers("retry-after-ms", "1.5"))).hasMillis(1);
        // An unreadable retry-after-ms leaves Retry-After to say.
        assertThat(RetryPolicy.retryAfter(headers("retry-after-ms", "soon", "Retry-After", "2"))).hasSeconds(2);
        assertThat(RetryPolicy.retryAfter(headers("retry-after-ms", "-5"))).isNull();
        assertThat(RetryPolicy.retryAfter(NONE)).isNull();
    }

    @Test
    void theServersWaitIsWaitedUnlessItIsLongerThanAMinute() {
        assertThat(POLICY.delayAfterError(1, 429, headers("retry-after-ms", "1500"))).hasMillis(1500);
        assertThat(POLICY.delayAfterError(1, 429, headers("Retry-After", "60"))).hasSeconds(60);
        assertThat(POLICY.delayAfterError(1, 429, headers("Retry-After", "61"))).isNull();
        assertThat(POLICY.delayAfterError(1, 429, headers("retry-after-ms", "60001"))).isNull();
    }
}
