package dev.openloop.server.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Windows are fixed and in UTC: each count starts again at the window's first instant, not a moment before. */
class LimitWindowTest {

    @Test
    void theLastMillisecondOfAMinuteIsInItAndTheNextStartsTheNext() {
        Instant last = Instant.parse("2026-12-07T10:14:59.999Z");
        Instant next = Instant.parse("2026-12-07T10:15:00Z");
        assertThat(LimitWindow.MINUTE.start(last)).isEqualTo(Instant.parse("2026-12-07T10:14:00Z"));
        assertThat(LimitWindow.MINUTE.end(last)).isEqualTo(next);
        assertThat(LimitWindow.MINUTE.start(next)).isEqualTo(next);
        assertThat(LimitWindow.MINUTE.end(next)).isEqualTo(Instant.parse("2026-12-07T10:16:00Z"));
    }

    @Test
    void aDayRunsFromMidnightUtcToMidnightUtc() {
        Instant lateEvening = Instant.parse("2026-12-07T23:59:59.999Z");
        assertThat(LimitWindow.DAY.start(lateEvening)).isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));
        assertThat(LimitWindow.DAY.end(lateEvening)).isEqualTo(Instant.parse("2026-12-08T00:00:00Z"));
        assertThat(LimitWindow.DAY.start(Instant.parse("2026-12-08T00:00:00Z"))).isEqualTo(Instant.parse("2026-12-08T00:00:00Z"));
    }

    @Test
    void aMonthRunsFromItsFirstDayToTheNextMonthsWhateverItsLength() {
        assertThat(LimitWindow.MONTH.start(Instant.parse("2028-02-29T12:00:00Z"))).isEqualTo(Instant.parse("2028-02-01T00:00:00Z"));
        assertThat(LimitWindow.MONTH.end(Instant.parse("2028-02-29T12:00:00Z"))).isEqualTo(Instant.parse("2028-03-01T00:00:00Z"));
        assertThat(LimitWindow.MONTH.end(Instant.parse("2026-12-31T23:59:59.999Z"))).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(LimitWindow.MONTH.start(Instant.parse("2027-01-01T00:00:00Z"))).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    }
}
