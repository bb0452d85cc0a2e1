package dev.openloop.server.chatlog;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * What the logs cost, summed in the database and exactly: each log's cost is a whole number of
 * picodollars ({@code cost_pico_usd}), summed as whole micro-dollars and the picodollars left over
 * so that neither sum can overflow a 64-bit integer on SQLite (PostgreSQL sums into a numeric
 * anyway), then put together here without rounding. Asked by the spend report and, for a budget,
 * by one key or project over a window.
 */
public final class LogSpend {
    private static final long PICO_PER_MICRO = 1_000_000L;
    private static final long MILLIS_PER_DAY = 86_400_000L;

    /** What a report groups the logs by. */
    public enum Group {
        PROJECT("project_id"),
        CONFIG("config_id"),
        KEY("api_key_id"),
        MODEL("provider || '/' || model"),
        DAY("created_at / " + MILLIS_PER_DAY);

        private final String expression;

        Group(String expression) {
            this.expression = expression;
        }
    }

    /**
     * The logs of one group.
     *
     * @param key the project id, config id, key id, {@code provider/model}, or the day as days since
     *     1970-01-01 (UTC); null for logs without one (no project, no key, no provider)
     * @param picoUsd what the group's priced logs cost, in picodollars
     * @param logs how many logs
     * @param unpriced how many of them have no cost (no price for their model, or not a provider call)
     * @param estimated how many are priced on estimated tokens
     */
    public record Row(String key, BigInteger picoUsd, long logs, long unpriced, long estimated) {
    }

    private final Jdbi jdbi;

    LogSpend(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The logs created from {@code fromMillis} (inclusive) to {@code toMillis} (exclusive), grouped, by key. */
    public List<Row> report(long fromMillis, long toMillis, Group group) {
        return report(fromMillis, toMillis, group, null);
    }

    /** As {@link #report(long, long, Group)}, of the logs of project {@code projectId} alone when it is not null. */
    public List<Row> report(long fromMillis, long toMillis, Group group, String projectId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + group.expression + " AS spend_key, "
                        + SUMS + " FROM logs WHERE created_at >= :from AND created_at < :to"
                        + (projectId == null ? "" : " AND project_id = :project")
                        + " GROUP BY " + group.expression + " ORDER BY spend_key")
                .bind("from", fromMillis)
                .bind("to", toMillis)
                .bind("project", projectId)
                .map((rs, ctx) -> row(rs, rs.getString("spend_key")))
                .list());
    }

    /**
     * What the logs of one project, or of one API key, cost from {@code fromMillis} to
     * {@code toMillis}: the question a budget asks before letting a call through.
     *
     * @param group {@link Group#PROJECT} or {@link Group#KEY}
     * @param id the project's or key's id
     */
    public Row of(Group group, String id, long fromMillis, long toMillis) {
        if (group != Group.PROJECT && group != Group.KEY) {
            throw new IllegalArgumentException("spend is asked of a project or a key, not of " + group);
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT " + SUMS + " FROM logs WHERE " + group.expression
                        + " = :id AND created_at >= :from AND created_at < :to")
                .bind("id", id)
                .bind("from", fromMillis)
                .bind("to", toMillis)
                .map((rs, ctx) -> row(rs, id))
                .one());
    }

    private static final String SUMS = "SUM(cost_pico_usd / " + PICO_PER_MICRO + ") AS micros, SUM(cost_pico_usd % "
            + PICO_PER_MICRO + ") AS rest, COUNT(*) AS logs, COUNT(cost_pico_usd) AS priced,"
            + " SUM(CASE WHEN cost_estimated THEN 1 ELSE 0 END) AS estimated";

    private static Row row(ResultSet rs, String key) throws SQLException {
        BigInteger micros = whole(rs.getBigDecimal("micros"));
        BigInteger rest = whole(rs.getBigDecimal("rest"));
        long logs = rs.getLong("logs");
        return new Row(key, micros.multiply(BigInteger.valueOf(PICO_PER_MICRO)).add(rest), logs,
                logs - rs.getLong("priced"), rs.getLong("estimated"));
    }

    private static BigInteger whole(BigDecimal sum) {
        return sum == null ? BigInteger.ZERO : sum.toBigIntegerExact();
    }
}
