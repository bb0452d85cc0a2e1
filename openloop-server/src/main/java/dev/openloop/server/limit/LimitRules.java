package dev.openloop.server.limit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The limits stored for each subject: {@code key:<key id>} or {@code project:<project id>}. */
public final class LimitRules {
    private static final String COLUMNS = "subject, requests_per_minute, tokens_per_minute, spend_per_day_micros, spend_per_month_micros";

    private final Jdbi jdbi;

    public LimitRules(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The subject's limits; none when nothing is stored for it. */
    public Limits of(String subject) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM limits WHERE subject = :subject")
                .bind("subject", subject)
                .map((rs, ctx) -> limits(rs))
                .findOne()
                .orElse(Limits.NONE));
    }

    /** Every subject with limits, by subject. */
    public Map<String, Limits> all() {
        Map<String, Limits> all = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM limits ORDER BY subject")
                .map((rs, ctx) -> Map.entry(rs.getString("subject"), limits(rs)))
                .forEach(entry -> all.put(entry.getKey(), entry.getValue())));
        return all;
    }

    /** Sets the subject's limits, replacing what it had; none removes them. */
    public void set(String subject, Limits limits) {
        if (limits.none()) {
            jdbi.useHandle(h -> h.createUpdate("DELETE FROM limits WHERE subject = :subject").bind("subject", subject).execute());
            return;
        }
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO limits (subject, requests_per_minute, tokens_per_minute, spend_per_day_micros,
                                            spend_per_month_micros, updated_at)
                        VALUES (:subject, :rpm, :tpm, :day, :month, :now)
                        ON CONFLICT (subject) DO UPDATE SET requests_per_minute = excluded.requests_per_minute,
                            tokens_per_minute = excluded.tokens_per_minute, spend_per_day_micros = excluded.spend_per_day_micros,
                            spend_per_month_micros = excluded.spend_per_month_micros, updated_at = excluded.updated_at""")
                .bind("subject", subject)
                .bind("rpm", limits.requestsPerMinute())
                .bind("tpm", limits.tokensPerMinute())
                .bind("day", limits.spendPerDayMicros())
                .bind("month", limits.spendPerMonthMicros())
                .bind("now", System.currentTimeMillis())
                .execute());
    }

    private static Limits limits(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Limits(nullable(rs, "requests_per_minute"), nullable(rs, "tokens_per_minute"),
                nullable(rs, "spend_per_day_micros"), nullable(rs, "spend_per_month_micros"));
    }

    private static Long nullable(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
