package dev.openloop.server.door.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Session expiry: idle, lifetime, sign-out, and a key's sessions ended together. */
class ConsoleSessionsTest {
    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovingClock clock = new MovingClock();
    private final ConsoleSessions sessions = new ConsoleSessions(clock, Duration.ofMinutes(30), Duration.ofHours(2));

    @Test
    void anIdleSessionEnds() {
        ConsoleSession session = sessions.open("hash");
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(session.id())).isPresent();
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(session.id())).as("used 29 minutes ago").isPresent();
        clock.advance(Duration.ofMinutes(30));
        assertThat(sessions.find(session.id())).isEmpty();
    }

    @Test
    void aSessionInUseEndsAtItsLifetime() {
        ConsoleSession session = sessions.open("hash");
        for (int i = 0; i < 7; i++) {
            clock.advance(Duration.ofMinutes(15));
            assertThat(sessions.find(session.id())).isPresent();
        }
        clock.advance(Duration.ofMinutes(15));
        assertThat(sessions.find(session.id())).isEmpty();
    }

    @Test
    void endingAKeysSessionsLeavesOthers() {
        ConsoleSession a = sessions.open("a");
        ConsoleSession a2 = sessions.open("a");
        ConsoleSession b = sessions.open("b");
        sessions.endAllOf("a");
        assertThat(sessions.find(a.id())).isEmpty();
        assertThat(sessions.find(a2.id())).isEmpty();
        assertThat(sessions.find(b.id())).isPresent();
        sessions.end(b.id());
        assertThat(sessions.find(b.id())).isEmpty();
    }

    @Test
    void tokensAreRandomAndCheckedExactly() {
        ConsoleSession one = sessions.open("a");
        ConsoleSession two = sessions.open("a");
        assertThat(one.id()).isNotEqualTo(two.id()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(one.csrfToken()).isNotEqualTo(two.csrfToken()).isNotEqualTo(one.id());
        assertThat(ConsoleSessions.csrfMatches(one, one.csrfToken())).isTrue();
        assertThat(ConsoleSessions.csrfMatches(one, two.csrfToken())).isFalse();
        assertThat(ConsoleSessions.csrfMatches(one, null)).isFalse();
        assertThat(ConsoleSessions.csrfMatches(one, "")).isFalse();
    }
}
