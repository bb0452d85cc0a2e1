package dev.openloop.server.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openloop.server.testing.MovingClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * How a pool draws the server's keys: by weight, skipping a key that cools down after a rate
 * limit until its wait is over (the clock is moved by hand), and one the provider refused.
 */
class KeyPoolTest {
    private static final Duration COOLDOWN = Duration.ofSeconds(30);
    private static final ServerKey A = new ServerKey("a", "sk-aaaa", 1, null);
    private static final ServerKey B = new ServerKey("b", "sk-bbbb", 3, null);
    private static final ServerKey C = new ServerKey("c", "sk-cccc", 1, null);

    private final MovingClock clock = new MovingClock();
    private final Random random = new Random(17);

    private KeyPool pool(ServerKey... keys) {
        return new KeyPool("openai", List.of(keys), clock, COOLDOWN, random::nextDouble);
    }

    /**
     * 8,000 draws of weights 1 and 3: b's count is binomial (n = 8000, p = 0.75), mean 6,000 and
     * standard deviation 38.7; the bound of ±232 is six of them, which a fair draw leaves once in
     * 500 million runs, while a draw that ignored the weights (4,000) is far outside it.
     */
    @Test
    void callsAreSpreadByWeightWithinSixStandardDeviations() {
        KeyPool pool = pool(A, B);
        Map<String, Integer> counts = draw(pool, 8000);

        assertThat(counts.get("b")).isBetween(6000 - 232, 6000 + 232);
        assertThat(counts.get("a") + counts.get("b")).isEqualTo(8000);
    }

    @Test
    void aRateLimitedKeyIsSkippedForItsRetryAfterThenDrawnAgain() {
        KeyPool pool = pool(A, B, C);
        pool.failed("sk-bbbb", rateLimited(), Duration.ofSeconds(12));

        assertThat(draw(pool, 500)).doesNotContainKey("b").containsKeys("a", "c");
        assertThat(state(pool, "b")).isEqualTo(KeyPool.KeyState.COOLING_DOWN);

        clock.advance(Duration.ofSeconds(11));
        assertThat(draw(pool, 200)).doesNotContainKey("b");
        clock.advance(Duration.ofSeconds(1));

        assertThat(draw(pool, 500)).containsKeys("a", "b", "c");
        assertThat(state(pool, "b")).isEqualTo(KeyPool.KeyState.READY);
    }

    @Test
    void withoutRetryAfterTheKeyCoolsDownForTheDefault() {
        KeyPool pool = pool(A, B);
        pool.failed("sk-aaaa", rateLimited(), null);

        clock.advance(COOLDOWN.minusMillis(1));
        assertThat(draw(pool, 200)).containsOnlyKeys("b");
        clock.advance(Duration.ofMillis(1));
        assertThat(draw(pool, 200)).containsKeys("a", "b");
    }

    @Test
    void whenEveryKeyCoolsDownTheCallIsRateLimitedUntilTheFirstIsBack() {
        KeyPool pool = pool(A, B);
        pool.failed("sk-aaaa", rateLimited(), Duration.ofSeconds(40));
        pool.failed("sk-bbbb", rateLimited(), Duration.ofSeconds(7));

        assertThatThrownBy(() -> pool.pick("OpenAI")).isInstanceOfSatisfying(ProviderFailure.class, failure -> {
            assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.RATE_LIMITED);
            assertThat(failure.retryAfter()).isEqualTo("7");
            assertThat(failure.withServerKey()).isTrue();
            assertThat(failure.message()).doesNotContain("sk-");
        });
        clock.advance(Duration.ofSeconds(7));
        assertThat(pool.pick("OpenAI")).isEqualTo(B);
    }

    @Test
    void aRefusedKeyIsTakenOutForGoodAndReportedByItsLabel() {
        KeyPool pool = pool(A, B);
        pool.failed("sk-bbbb", new ProviderFailure("OpenAI", ProviderFailure.Kind.AUTHENTICATION, "bad key"), null);

        clock.advance(Duration.ofDays(1));
        assertThat(draw(pool, 300)).containsOnlyKeys("a");
        assertThat(pool.report()).containsExactly(new KeyPool.Report("a", KeyPool.KeyState.READY),
                new KeyPool.Report("b", KeyPool.KeyState.OUT));

        pool.failed("sk-aaaa", new ProviderFailure("OpenAI", ProviderFailure.Kind.AUTHENTICATION, "bad key"), null);
        assertThatThrownBy(() -> pool.pick("OpenAI")).isInstanceOfSatisfying(ProviderFailure.class,
                failure -> assertThat(failure.kind()).isEqualTo(ProviderFailure.Kind.AUTHENTICATION));
    }

    @Test
    void aLoneKeyIsReportedButStillTried() {
        KeyPool pool = pool(A);
        pool.failed("sk-aaaa", rateLimited(), Duration.ofSeconds(60));
        assertThat(pool.pick("OpenAI")).isEqualTo(A);

        pool.failed("sk-aaaa", new ProviderFailure("OpenAI", ProviderFailure.Kind.AUTHENTICATION, "bad key"), null);
        assertThat(pool.pick("OpenAI")).isEqualTo(A);
        assertThat(state(pool, "a")).isEqualTo(KeyPool.KeyState.OUT);
    }

    @Test
    void otherFailuresAndOthersKeysChangeNothing() {
        KeyPool pool = pool(A, B);
        pool.failed("sk-aaaa", new ProviderFailure("OpenAI", ProviderFailure.Kind.BAD_GATEWAY, "broke"), null);
        pool.failed("sk-request-own", rateLimited(), Duration.ofSeconds(60));

        assertThat(draw(pool, 300)).containsKeys("a", "b");
    }

    @Test
    void anEmptyPoolHasNoKey() {
        assertThat(pool().pick("OpenAI")).isNull();
    }

    private static ProviderFailure rateLimited() {
        return new ProviderFailure("OpenAI", ProviderFailure.Kind.RATE_LIMITED, "slow down");
    }

    private static KeyPool.KeyState state(KeyPool pool, String label) {
        return pool.report().stream().filter(r -> r.label().equals(label)).findFirst().orElseThrow().state();
    }

    private static Map<String, Integer> draw(KeyPool pool, int times) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < times; i++) {
            counts.merge(pool.pick("OpenAI").label(), 1, Integer::sum);
        }
        return counts;
    }
}
