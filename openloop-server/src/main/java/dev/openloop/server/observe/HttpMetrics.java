package dev.openloop.server.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code http.server.requests}: each answered request, by method, route template and status, with
 * a latency histogram. Labels are bounded: the route is a template or {@code unmatched}, a method
 * outside HTTP's own is {@code other}.
 */
public final class HttpMetrics implements Consumer<Exchange> {
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE",
            "CONNECT");

    private final MeterRegistry registry;

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void accept(Exchange exchange) {
        Timer.builder("http.server.requests")
                .description("answered HTTP requests, from the request's head to the answer's last byte")
                .tag("method", METHODS.contains(exchange.method()) ? exchange.method() : "other")
                .tag("route", exchange.route())
                .tag("status", String.valueOf(exchange.status()))
                .tag("outcome", outcome(exchange.status()))
                .publishPercentileHistogram()
                .register(registry)
                .record(exchange.nanos(), TimeUnit.NANOSECONDS);
    }

    private static String outcome(int status) {
        if (status >= 500) {
            return "server_error";
        }
        return status >= 400 ? "client_error" : "success";
    }
}
