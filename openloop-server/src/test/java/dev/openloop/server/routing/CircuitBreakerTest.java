package dev.openloop.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.routing.CircuitBreaker.State;
import dev.openloop.server.testing.MovingClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The breaker's states, timed by a clock the test moves: closed, open, half open with one probe, growing intervals. */
class CircuitBreakerTest {
    private final MovingClock clock = new MovingClock();
    private final CircuitBreaker breaker = new CircuitBreaker(clock, 3, Duration.ofSeconds(5), Duration.ofSeconds(18));

    @Test
    void itOpensAfterTheThresholdOfFailuresInARowAndNotBefore() {
        breaker.failed();
        breaker.failed();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();

        breaker.failed();

        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.remaining()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aSuccessForgetsTheFailuresBeforeIt() {
        breaker.failed();
        breaker.failed();
        breaker.succeeded();
        breaker.failed();
        breaker.failed();

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void onceTheIntervalIsOverASingleProbeGoesAndItsSuccessClosesIt() {
        openIt();
        clock.advance(Duration.ofMillis(4999));
        assertThat(breaker.tryAcquire()).as("still open").isFalse();
        clock.advance(Duration.ofMillis(1));

        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).as("the probe").isTrue();
        assertThat(breaker.tryAcquire()).as("a second call while the probe runs").isFalse();

        breaker.succeeded();

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void aFailedProbeOpensItForTwiceAsLongUpToTheMost() {
        openIt();
        Duration[] expected = {Duration.ofSeconds(10), Duration.ofSeconds(18), Duration.ofSeconds(18)};
        Duration open = Duration.ofSeconds(5);
        for (Duration next : expected) {
            clock.advance(open);
            assertThat(breaker.tryAcquire()).as("the probe").isTrue();
            breaker.failed();
            assertThat(breaker.state()).isEqualTo(State.OPEN);
            assertThat(breaker.remaining()).isEqualTo(next);
            open = next;
        }
    }

    @Test
    void aProbeThatSaysNothingLetsTheNextProbeGo() {
        openIt();
        clock.advance(Duration.ofSeconds(5));
        assertThat(breaker.tryAcquire()).isTrue();

        breaker.released();

        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void failuresOfCallsLetThroughBeforeItOpenedDoNotLengthenIt() {
        openIt();
        breaker.failed();
        breaker.failed();

        assertThat(breaker.remaining()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aThresholdOfZeroNeverOpens() {
        CircuitBreaker never = new CircuitBreaker(clock, 0, Duration.ofSeconds(5), Duration.ofSeconds(5));
        for (int i = 0; i < 100; i++) {
            never.failed();
        }
        assertThat(never.state()).isEqualTo(State.CLOSED);
        assertThat(never.tryAcquire()).isTrue();
    }

    private void openIt() {
        for (int i = 0; i < 3; i++) {
            breaker.failed();
        }
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }
}
