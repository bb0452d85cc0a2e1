package dev.openloop.server.observe;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * {@code GET /metrics}: the node's meters in Prometheus' text format. On the main port it takes an
 * API key in {@code X-API-KEY}, as the v4 routes do; on a metrics port of its own
 * ({@code OPENLOOP_METRICS_PORT}) none, that port being reachable only where the operator binds it.
 */
public final class MetricsRoutes implements HttpService {
    public static final String PATH = "/metrics";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final NodeMetrics metrics;
    private final Predicate<String> keyAccepted;

    /** {@code keyAccepted} tells whether an {@code X-API-KEY} value may read the metrics. */
    public MetricsRoutes(NodeMetrics metrics, Predicate<String> keyAccepted) {
        this.metrics = metrics;
        this.keyAccepted = keyAccepted;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, this::scrape);
    }

    private void scrape(ServerRequest req, ServerResponse res) {
        String key = req.headers().first(HeaderNames.create("X-API-KEY")).orElse("").strip();
        if (!keyAccepted.test(key)) {
            res.status(401).header(HeaderValues.CONTENT_TYPE_JSON)
                    .send("{\"detail\":\"Missing or invalid X-API-KEY header\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, CONTENT_TYPE).send(metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }
}
