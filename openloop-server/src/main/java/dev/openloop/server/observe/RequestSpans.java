package dev.openloop.server.observe;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.RoutingRequest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import java.util.List;

/**
 * A span per request (kind server), a child of the caller's W3C {@code traceparent} when it sent
 * one; named by method and route template once the route is known, as the HTTP semantic
 * conventions have it.
 */
final class RequestSpans {
    private static final TextMapGetter<RoutingRequest> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(RoutingRequest req) {
            return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(RoutingRequest req, String key) {
            if (req == null) {
                return null;
            }
            HeaderName name = HeaderNames.create(key);
            return req.headers().first(name).orElse(null);
        }
    };

    private final Tracing tracing;

    RequestSpans(Tracing tracing) {
        this.tracing = tracing;
    }

    /** A started span for {@code req}; an invalid one, which records nothing, when tracing is off. */
    Span start(RoutingRequest req, String method) {
        if (!tracing.on()) {
            return Span.getInvalid();
        }
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), req, HEADERS);
        return tracing.tracer().spanBuilder(method)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("http.request.method", method)
                .startSpan();
    }

    /** Ends {@code span} with what {@code exchange} says of the answer. */
    static void end(Span span, Exchange exchange) {
        if (!span.getSpanContext().isValid()) {
            return;
        }
        span.updateName(exchange.method() + " " + exchange.route());
        span.setAttribute("http.route", exchange.route());
        span.setAttribute("http.response.status_code", exchange.status());
        if (exchange.status() >= 500) {
            span.setStatus(StatusCode.ERROR);
            span.setAttribute("error.type", String.valueOf(exchange.status()));
        }
        span.end();
    }
}
