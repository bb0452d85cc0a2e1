package dev.openloop.server.door.v4;

import dev.openloop.server.apikey.Caller;
import dev.openloop.server.apikey.KeyScope;
import dev.openloop.server.chatlog.LogSpend;
import dev.openloop.server.cost.Cost;
import dev.openloop.server.http.ApiException;
import dev.openloop.server.http.QueryParams;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.web.JsonAnswers;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /v4/openloop/spend}: an OpenLoop extension, what the logs of a time range cost,
 * grouped by project, config, key, model or day, summed exactly (docs/api.md). Costs travel as
 * decimal strings of USD, so that no client reads them into a double. {@code project_id} narrows
 * it to one project; a key limited to projects must name one of its own (it sees no other
 * project's spend), unless it has only one.
 */
public final class SpendRoutes implements HttpService {
    /** Where the report is, below {@code /v4}. */
    static final String PATH = "/openloop/spend";
    private static final Set<String> GROUPS = Set.of("project", "config", "key", "model", "day");
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private final LogSpend spend;

    public SpendRoutes(LogSpend spend) {
        this.spend = spend;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, this::report);
    }

    private void report(ServerRequest req, ServerResponse res) {
        QueryParams query = new QueryParams(req);
        RequestBodies.Problems problems = new RequestBodies.Problems();
        Bound from = bound(req, "from", false, problems);
        Bound to = bound(req, "to", true, problems);
        if (from != null && to != null && from.millis() >= to.millis()) {
            problems.add(List.of("query", "to"), "must be after from", "value_error.range");
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems.list());
        }
        String groupBy = query.oneOf("group_by", "day", GROUPS);
        String projectId = projectOf(Caller.of(req).scope(), query.string("project_id"));
        query.done();
        LogSpend.Group group = LogSpend.Group.valueOf(groupBy.toUpperCase(Locale.ROOT));
        List<LogSpend.Row> rows = spend.report(from.millis(), to.millis(), group, projectId);
        BigInteger total = BigInteger.ZERO;
        long logs = 0;
        long unpriced = 0;
        long estimated = 0;
        List<Map<String, Object>> groups = new ArrayList<>(rows.size());
        for (LogSpend.Row row : rows) {
            total = total.add(row.picoUsd());
            logs += row.logs();
            unpriced += row.unpriced();
            estimated += row.estimated();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("key", group == LogSpend.Group.DAY && row.key() != null
                    ? LocalDate.ofEpochDay(Long.parseLong(row.key())).toString() : row.key());
            answer.put("cost_usd", usd(row.picoUsd()));
            answer.put("logs", row.logs());
            answer.put("unpriced_logs", row.unpriced());
            answer.put("estimated_logs", row.estimated());
            groups.add(answer);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("from", Instant.ofEpochMilli(from.millis()).toString());
        answer.put("to", Instant.ofEpochMilli(to.millis()).toString());
        answer.put("group_by", groupBy);
        answer.put("currency", "USD");
        answer.put("cost_usd", usd(total));
        answer.put("logs", logs);
        answer.put("unpriced_logs", unpriced);
        answer.put("estimated_logs", estimated);
        answer.put("groups", groups);
        JsonAnswers.send(res, 200, answer);
    }

    /** The project the report is of: the one asked for, when the key reaches it; a limited key's only one; else all. */
    private static String projectOf(KeyScope scope, String asked) {
        if (asked != null) {
            if (!scope.reaches(asked)) {
                throw ApiException.notFound("Project " + asked + " not found");
            }
            return asked;
        }
        if (scope.everyProject()) {
            return null;
        }
        if (scope.projectIds().size() == 1) {
            return scope.projectIds().iterator().next();
        }
        throw ApiException.forbidden("This API key is limited to its projects: name one of them with project_id");
    }

    /** Picodollars as a USD decimal string, exactly. */
    private static String usd(BigInteger picoUsd) {
        return Cost.text(Cost.usd(picoUsd));
    }

    /** A range's end in epoch milliseconds. */
    private record Bound(long millis) {
    }

    /**
     * {@code from} or {@code to}: a day ({@code 2026-12-01}, UTC; a {@code to} day is included
     * whole) or an instant ({@code 2026-12-01T12:00:00Z}; {@code to} excluded). Required; null
     * with a problem added when missing or not a day or instant.
     */
    private static Bound bound(ServerRequest req, String name, boolean end, RequestBodies.Problems problems) {
        String value = req.query().contains(name) ? req.query().get(name).strip() : "";
        List<Object> at = List.of("query", name);
        if (value.isEmpty()) {
            problems.missing(at);
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return new Bound(day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() + (end ? MILLIS_PER_DAY : 0));
            }
            return new Bound(Instant.parse(value).toEpochMilli());
        } catch (DateTimeParseException | ArithmeticException e) {
            problems.add(at, "must be a day as 2026-12-01 or an instant as 2026-12-01T12:00:00Z", "value_error.datetime");
            return null;
        }
    }
}
