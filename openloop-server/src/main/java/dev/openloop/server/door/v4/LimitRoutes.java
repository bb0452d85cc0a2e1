package dev.openloop.server.door.v4;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.openloop.api.json.ClosedSchema;
import dev.openloop.server.apikey.ApiKeyHash;
import dev.openloop.server.apikey.ApiKeyStore;
import dev.openloop.server.http.ApiException;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.limit.LimitGate;
import dev.openloop.server.limit.Limits;
import dev.openloop.server.limit.Usd;
import dev.openloop.server.project.ProjectStore;
import dev.openloop.server.web.JsonAnswers;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenLoop's extension for rate limits and budgets, per API key or per project:
 * {@code GET /v4/openloop/limits} lists every subject with limits;
 * {@code GET|PUT|DELETE /v4/openloop/limits/{keys|projects}/{id}} reads, replaces or removes one
 * subject's. A limit left out of a {@code PUT} is no limit.
 */
public final class LimitRoutes implements HttpService {
    static final String PATH = "/openloop/limits";
    private static final String KEYS = "keys";
    private static final String PROJECTS = "projects";

    /** A subject's limits as a {@code PUT} gives them; each may be left out, and no other field is taken. */
    @ClosedSchema
    record LimitsRequest(@JsonProperty("requests_per_minute") Long requestsPerMinute,
            @JsonProperty("tokens_per_minute") Long tokensPerMinute,
            @JsonProperty("spend_per_day_usd") BigDecimal spendPerDayUsd,
            @JsonProperty("spend_per_month_usd") BigDecimal spendPerMonthUsd) {
    }

    private final LimitGate gate;
    private final ProjectStore projects;
    private final ApiKeyStore keys;

    public LimitRoutes(LimitGate gate, ProjectStore projects, ApiKeyStore keys) {
        this.gate = gate;
        this.projects = projects;
        this.keys = keys;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, (req, res) -> {
            List<Map<String, Object>> all = new ArrayList<>();
            gate.all().forEach((subject, limits) -> all.add(answer(subject, limits)));
            JsonAnswers.send(res, 200, all);
        });
        rules.get(PATH + "/{kind}/{id}", (req, res) -> {
            String subject = subject(req);
            JsonAnswers.send(res, 200, answer(subject, gate.limitsOf(subject)));
        });
        rules.put(PATH + "/{kind}/{id}", this::replace);
        rules.delete(PATH + "/{kind}/{id}", (req, res) -> {
            String subject = subject(req);
            gate.set(subject, Limits.NONE);
            JsonAnswers.send(res, 200, answer(subject, Limits.NONE));
        });
    }

    private void replace(ServerRequest req, ServerResponse res) {
        String subject = subject(req);
        LimitsRequest request = RequestBodies.read(req, LimitsRequest.class, (body, problems) -> {
            atLeastOne(body.requestsPerMinute(), "requests_per_minute", problems);
            atLeastOne(body.tokensPerMinute(), "tokens_per_minute", problems);
            dollars(body.spendPerDayUsd(), "spend_per_day_usd", problems);
            dollars(body.spendPerMonthUsd(), "spend_per_month_usd", problems);
        });
        Limits limits = new Limits(request.requestsPerMinute(), request.tokensPerMinute(),
                request.spendPerDayUsd() == null ? null : Usd.micros(request.spendPerDayUsd()),
                request.spendPerMonthUsd() == null ? null : Usd.micros(request.spendPerMonthUsd()));
        gate.set(subject, limits);
        JsonAnswers.send(res, 200, answer(subject, limits));
    }

    /** The subject the path names, {@code key:<id>} or {@code project:<id>}; 404 when it names no key or project. */
    private String subject(ServerRequest req) {
        String kind = req.path().pathParameters().get("kind");
        String id = req.path().pathParameters().get("id");
        return switch (kind) {
            case KEYS -> {
                if (!isKey(id)) {
                    throw ApiException.notFound("API key " + id + " not found");
                }
                yield "key:" + id;
            }
            case PROJECTS -> {
                if (projects.find(id).isEmpty()) {
                    throw ApiException.notFound("Project " + id + " not found");
                }
                yield "project:" + id;
            }
            default -> throw ApiException.notFound("Limits are kept for keys and projects: use " + "/v4" + PATH
                    + "/keys/{key_id} or /v4" + PATH + "/projects/{project_id}");
        };
    }

    /** Whether {@code id} is a stored key's whole id ({@code key_} and its digits), revoked or not. */
    private boolean isKey(String id) {
        String prefix;
        try {
            prefix = ApiKeyHash.hashPrefixOf(id);
        } catch (IllegalArgumentException notAnId) {
            return false;
        }
        return keys.startingWith(prefix).stream().anyMatch(key -> key.id().equals(id));
    }

    private static void atLeastOne(Long value, String field, RequestBodies.Problems problems) {
        if (value != null && value < 1) {
            problems.add(RequestBodies.body(field), "ensure this value is greater than or equal to 1", "value_error.number.not_ge");
        }
    }

    private static void dollars(BigDecimal value, String field, RequestBodies.Problems problems) {
        if (value == null) {
            return;
        }
        if (value.signum() <= 0) {
            problems.add(RequestBodies.body(field), "ensure this value is greater than 0", "value_error.number.not_gt");
        } else if (value.stripTrailingZeros().scale() > 6) {
            problems.add(RequestBodies.body(field), "ensure this value has at most 6 decimals (a micro-dollar)",
                    "value_error.decimal.max_places");
        } else if (value.compareTo(BigDecimal.valueOf(9_000_000)) > 0) {
            problems.add(RequestBodies.body(field), "ensure this value is at most 9000000 (USD)", "value_error.number.not_le");
        }
    }

    private static Map<String, Object> answer(String subject, Limits limits) {
        Map<String, Object> answer = new LinkedHashMap<>();
        int colon = subject.indexOf(':');
        answer.put("kind", subject.startsWith("key:") ? "key" : "project");
        answer.put("id", subject.substring(colon + 1));
        answer.put("requests_per_minute", limits.requestsPerMinute());
        answer.put("tokens_per_minute", limits.tokensPerMinute());
        answer.put("spend_per_day_usd", limits.spendPerDayMicros() == null ? null : Usd.of(limits.spendPerDayMicros()));
        answer.put("spend_per_month_usd", limits.spendPerMonthMicros() == null ? null : Usd.of(limits.spendPerMonthMicros()));
        return answer;
    }
}
