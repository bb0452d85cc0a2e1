package dev.openloop.server.http;

import io.helidon.common.uri.UriQuery;
import io.helidon.webserver.http.ServerRequest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads query parameters, collecting every problem, FastAPI style: each is reported at
 * {@code ["query", name]}; call {@link #done()} to answer 422 when there were any.
 */
public final class QueryParams {
    private final UriQuery query;
    private final RequestBodies.Problems problems = new RequestBodies.Problems();

    public QueryParams(ServerRequest req) {
        this.query = req.query();
    }

    /** The parameter's value, or null when absent. */
    public String string(String name) {
        return query.contains(name) ? query.get(name) : null;
    }

    /** The parameter's value; a problem when absent. */
    public String required(String name) {
        String value = string(name);
        if (value == null || value.isEmpty()) {
            problems.missing(List.of("query", name));
        }
        return value;
    }

    /** Every value of a repeated parameter, e.g. {@code ?id=a&id=b}. */
    public List<String> all(String name) {
        return query.contains(name) ? new ArrayList<>(query.all(name)) : List.of();
    }

    /** An integer within {@code [min, max]}, or {@code fallback} when absent. */
    public int integer(String name, int fallback, int min, int max) {
        String value = string(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min) {
                problems.add(List.of("query", name), "ensure this value is greater than or equal to " + min,
                        "value_error.number.not_ge");
            } else if (parsed > max) {
                problems.add(List.of("query", name), "ensure this value is less than or equal to " + max,
                        "value_error.number.not_le");
            }
            return parsed;
        } catch (NumberFormatException e) {
            problems.add(List.of("query", name), "value is not a valid integer", "type_error.integer");
            return fallback;
        }
    }

    /** One of {@code permitted}, or {@code fallback} when absent. */
    public String oneOf(String name, String fallback, Set<String> permitted) {
        String value = string(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        if (!permitted.contains(value)) {
            problems.add(List.of("query", name), "value is not a valid enumeration member; permitted: "
                    + permitted.stream().sorted().map(p -> "'" + p + "'").reduce((a, b) -> a + ", " + b).orElse(""),
                    "type_error.enum");
            return fallback;
        }
        return value;
    }

    /** A {@code YYYY-MM-DD} date, or null when absent. */
    public LocalDate date(String name) {
        String value = string(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(List.of("query", name), "invalid date format", "value_error.date");
            return null;
        }
    }

    /** A boolean, or {@code fallback} when absent. */
    public boolean bool(String name, boolean fallback) {
        String value = string(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        return switch (value.toLowerCase()) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> {
                problems.add(List.of("query", name), "value could not be parsed to a boolean", "type_error.bool");
                yield fallback;
            }
        };
    }

    /** Answers 422 when any parameter was wrong. */
    public void done() {
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems.list());
        }
    }
}
