package dev.openloop.server.observe;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * {@code GET /metrics}: the node's meters in Prometheus' text format. On the main port it takes an
 * API key in {@code X-API-KEY}, as the v4 routes do; on a metrics port of its own
 * ({@code OPENLOOP_METRICS_PORT}) none, that port being reachable only where the operator binds it.
 */
public final class MetricsRoutes implements HttpService {
    public static final String PATH = "/metrics";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final NodeMetrics metrics;
    private final Function<String, Access> access;

    /** What an {@code X-API-KEY} value may do with the metrics. */
    public enum Access {
        /** A key that may read them. */
        ALLOWED,
        /** A known key whose role does not reach them: 403. */
        NOT_ALLOWED,
        /** No key, or one that is not known or was revoked: 401. */
        UNKNOWN
    }

    /** {@code access} tells what an {@code X-API-KEY} value (blank when none was sent) may do. */
    public MetricsRoutes(NodeMetrics metrics, Function<String, Access> access) {
        this.metrics = metrics;
        this.access = access;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, this::scrape);
    }

    private void scrape(ServerRequest req, ServerResponse res) {
        String key = req.headers().first(HeaderNames.create("X-API-KEY")).orElse("").strip();
        switch (access.apply(key)) {
            case UNKNOWN -> {
                refuse(res, 401, "Missing or invalid X-API-KEY header");
                return;
            }
            case NOT_ALLOWED -> {
                refuse(res, 403, "Reading the metrics takes an admin key");
                return;
            }
            case ALLOWED -> { }
        }
        res.header(HeaderNames.CONTENT_TYPE, CONTENT_TYPE).send(metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }

    /** A refusal in v4's shape; {@code detail} is a constant of this class, with nothing to escape. */
    private static void refuse(ServerResponse res, int status, String detail) {
        res.status(status).header(HeaderValues.CONTENT_TYPE_JSON)
                .send(("{\"detail\":\"" + detail + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
