package dev.openloop.server.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.Race;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every kind of counters must do: the arithmetic of a limit, at its edges and under races. */
abstract class LimitCountersContract {
    /**
     * The instant the counters are asked at: half a minute past noon tomorrow (UTC). It must lie
     * ahead of the real clock, since Redis expires a window's key by its own clock, a minute after
     * the window ends: at a fixed date, every count of a minute window would vanish once that date
     * had passed.
     */
    static final Instant NOON = LocalDate.now(ZoneOffset.UTC).plusDays(1).atTime(12, 0, 30).toInstant(ZoneOffset.UTC);
    /** The start of the minute after {@link #NOON}'s. */
    static final Instant NEXT_MINUTE = NOON.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
    /** The start of the day after {@link #NOON}'s. */
    static final Instant NEXT_DAY = NOON.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);

    LimitCounters counters;
    /** A name no other test run uses, since Redis is shared. */
    String subject;

    abstract LimitCounters open();

    @BeforeEach
    void openCounters() {
        counters = open();
        subject = "test-" + UUID.randomUUID();
    }

    @AfterEach
    void closeCounters() {
        counters.close();
    }

    Quota requests(long maximum) {
        return new Quota(subject + ":requests", LimitWindow.MINUTE, maximum, 1, "requests per minute (" + maximum + ")");
    }

    Quota tokens(long maximum) {
        return new Quota(subject + ":tokens", LimitWindow.MINUTE, maximum, 0, "tokens per minute (" + maximum + ")");
    }

    @Test
    void aRequestQuotaAdmitsExactlyItsMaximumInAWindowAndAgainInTheNext() {
        Quota quota = requests(3);
        for (int i = 0; i < 3; i++) {
            assertThat(counters.admit(List.of(quota), NOON).admitted()).isTrue();
        }
        Admission fourth = counters.admit(List.of(quota), NOON.plusSeconds(29));
        assertThat(fourth.admitted()).isFalse();
        assertThat(fourth.refusedBy()).isEqualTo(quota);
        assertThat(fourth.retryAt()).isEqualTo(NEXT_MINUTE);
        assertThat(counters.current(quota.counter(), LimitWindow.MINUTE, NOON)).as("a refusal adds nothing").isEqualTo(3);

        assertThat(counters.admit(List.of(quota), NEXT_MINUTE).admitted())
                .as("the next window starts from zero").isTrue();
    }

    @Test
    void aQuotaCountedAfterTheCallAdmitsWhileBelowItsMaximumSoTheCallThatCrossesItIsTheLast() {
        Quota quota = tokens(1000);
        assertThat(counters.admit(List.of(quota), NOON).admitted()).isTrue();
        counters.add(List.of(new LimitCounters.Addition(quota.counter(), LimitWindow.MINUTE, 999)), NOON);
        assertThat(counters.admit(List.of(quota), NOON).admitted()).as("999 of 1000: room for one more call").isTrue();
        counters.add(List.of(new LimitCounters.Addition(quota.counter(), LimitWindow.MINUTE, 400)), NOON);
        assertThat(counters.current(quota.counter(), LimitWindow.MINUTE, NOON)).as("the call over the limit is counted whole").isEqualTo(1399);
        assertThat(counters.admit(List.of(quota), NOON).admitted()).isFalse();
    }

    @Test
    void aCallRefusedByOneQuotaAddsToNoneOfTheOthers() {
        Quota roomy = requests(100);
        Quota full = new Quota(subject + ":project-requests", LimitWindow.MINUTE, 1, 1, "the project's requests per minute (1)");
        assertThat(counters.admit(List.of(roomy, full), NOON).admitted()).isTrue();
        Admission refused = counters.admit(List.of(roomy, full), NOON);
        assertThat(refused.refusedBy()).isEqualTo(full);
        assertThat(counters.current(roomy.counter(), LimitWindow.MINUTE, NOON)).isEqualTo(1);
    }

    @Test
    void aDayAndAMonthCountApart() {
        Quota day = new Quota(subject + ":spend", LimitWindow.DAY, 5, 0, "spend per day");
        counters.add(List.of(new LimitCounters.Addition(day.counter(), LimitWindow.DAY, 5)), NOON);
        assertThat(counters.admit(List.of(day), NOON).admitted()).isFalse();
        assertThat(counters.current(day.counter(), LimitWindow.MONTH, NOON)).as("another window's count").isZero();
        assertThat(counters.admit(List.of(day), NEXT_DAY).admitted()).isTrue();
    }

    @Test
    void whatACallUsedLandsInEachCounterAndWindowAtOnce() {
        counters.add(List.of(new LimitCounters.Addition(subject + ":spend", LimitWindow.DAY, 7),
                new LimitCounters.Addition(subject + ":spend", LimitWindow.MONTH, 7),
                new LimitCounters.Addition(subject + ":tokens", LimitWindow.MINUTE, 3),
                new LimitCounters.Addition(subject + ":tokens", LimitWindow.MINUTE, 0)), NOON);
        assertThat(counters.current(subject + ":spend", LimitWindow.DAY, NOON)).isEqualTo(7);
        assertThat(counters.current(subject + ":spend", LimitWindow.MONTH, NOON)).isEqualTo(7);
        assertThat(counters.current(subject + ":tokens", LimitWindow.MINUTE, NOON)).isEqualTo(3);
    }

    @Test
    void manyCallsRacingForTheLastPlacesGetExactlyThem() throws Exception {
        Quota quota = requests(50);
        List<Boolean> admitted = Race.of(200, i -> counters.admit(List.of(quota), NOON).admitted());
        assertThat(admitted.stream().filter(Boolean::booleanValue).count()).isEqualTo(50);
        assertThat(counters.current(quota.counter(), LimitWindow.MINUTE, NOON)).isEqualTo(50);
    }
}
