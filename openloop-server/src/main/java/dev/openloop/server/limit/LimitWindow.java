package dev.openloop.server.limit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The span a limit counts in. Windows are fixed and in UTC: a minute starts at its :00 second, a
 * day at midnight UTC, a month on its first day at midnight UTC; a count starts from zero in each.
 */
public enum LimitWindow {
    MINUTE,
    DAY,
    MONTH;

    /** The first instant of the window that holds {@code now}. */
    public Instant start(Instant now) {
        return switch (this) {
            case MINUTE -> now.truncatedTo(ChronoUnit.MINUTES);
            case DAY -> now.truncatedTo(ChronoUnit.DAYS);
            case MONTH -> LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        };
    }

    /** The first instant after the window that holds {@code now}: when its count starts again from zero. */
    public Instant end(Instant now) {
        Instant start = start(now);
        return switch (this) {
            case MINUTE -> start.plus(1, ChronoUnit.MINUTES);
            case DAY -> start.plus(1, ChronoUnit.DAYS);
            case MONTH -> LocalDate.ofInstant(start, ZoneOffset.UTC).plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        };
    }
}
