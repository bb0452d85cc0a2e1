package dev.openloop.server.observe;

import static net.logstash.logback.argument.StructuredArguments.keyValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the logger {@value #LOGGER}, which can be routed or turned off on its
 * own ({@code OPENLOOP_LOG_LEVELS=openloop.access=off}): method, route template, status, duration,
 * bytes, request id, and where known the project, the logs written, provider and model. Never a
 * body, a header's value or a key. Health probes come at DEBUG, so that a load balancer's
 * checks do not fill the log.
 */
public final class AccessLog {
    public static final String LOGGER = "openloop.access";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final Set<String> PROBES = Set.of("/healthz", "/readyz", "/metrics");

    private AccessLog() {
    }

    /** Logs {@code exchange}, with the facts of the request this thread serves. */
    static void write(Exchange exchange) {
        boolean probe = PROBES.contains(exchange.route());
        if (probe ? !LOG.isDebugEnabled() : !LOG.isInfoEnabled()) {
            return;
        }
        List<Object> fields = new ArrayList<>(List.of(
                keyValue("method", LogText.escape(exchange.method())),
                keyValue("route", exchange.route()),
                keyValue("status", exchange.status()),
                keyValue("duration_ms", exchange.nanos() / 1_000_000),
                keyValue("bytes", exchange.bytes())));
        for (String fact : List.of(RequestFacts.PROJECT_ID, RequestFacts.LOG_IDS, RequestFacts.PROVIDER, RequestFacts.MODEL)) {
            String value = RequestFacts.get(fact);
            if (value != null) {
                fields.add(keyValue(fact, value));
            }
        }
        String format = "{} ".repeat(fields.size()).strip();
        if (probe) {
            LOG.debug(format, fields.toArray());
        } else {
            LOG.info(format, fields.toArray());
        }
    }
}
