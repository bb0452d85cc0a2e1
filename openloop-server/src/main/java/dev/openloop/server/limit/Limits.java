package dev.openloop.server.limit;

/**
 * The limits of one subject (a key or a project), each optional: null is no limit.
 *
 * @param requestsPerMinute calls admitted in a minute
 * @param tokensPerMinute tokens (prompt and generated, as the providers report them) in a minute
 * @param spendPerDayMicros spend in a UTC day, in micro-dollars
 * @param spendPerMonthMicros spend in a UTC month, in micro-dollars
 */
public record Limits(Long requestsPerMinute, Long tokensPerMinute, Long spendPerDayMicros, Long spendPerMonthMicros) {
    /** No limit at all. */
    public static final Limits NONE = new Limits(null, null, null, null);

    public Limits {
        positive("requests_per_minute", requestsPerMinute);
        positive("tokens_per_minute", tokensPerMinute);
        positive("spend_per_day", spendPerDayMicros);
        positive("spend_per_month", spendPerMonthMicros);
    }

    /** Whether no limit is set. */
    public boolean none() {
        return equals(NONE);
    }

    private static void positive(String name, Long value) {
        if (value != null && value < 1) {
            throw new IllegalArgumentException(name + " is at least 1 when set, not " + value);
        }
    }
}
