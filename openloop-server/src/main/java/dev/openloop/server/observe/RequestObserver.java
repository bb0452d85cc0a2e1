package dev.openloop.server.observe;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.util.function.Consumer;
import org.slf4j.MDC;

/**
 * The first filter of every request: gives it its id (the caller's {@code X-Request-Id} when
 * usable, else a new one), echoes the id in the answer, keeps it in the MDC for every log line of
 * the request, opens its span (a child of the caller's {@code traceparent}), and once the answer is
 * sent hands the exchange to {@code onFinished} (the HTTP metrics), the span and the access log. A connection's requests share its thread, so the facts are cleared
 * when each answer is sent and begun anew by the next request.
 */
public final class RequestObserver implements Filter {
    private static final HeaderName REQUEST_ID = HeaderNames.create(RequestIds.HEADER);

    private final Consumer<Exchange> onFinished;
    private final RequestSpans spans;

    public RequestObserver(Consumer<Exchange> onFinished, Tracing tracing) {
        this.onFinished = onFinished;
        this.spans = new RequestSpans(tracing);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        String id = RequestIds.of(req.headers().first(REQUEST_ID).orElse(null));
        RequestFacts.begin(id);
        res.header(REQUEST_ID, id);
        String method = req.prologue().method().text();
        Span span = spans.start(req, method);
        if (span.getSpanContext().isValid()) {
            MDC.put(RequestFacts.TRACE_ID, span.getSpanContext().getTraceId());
            MDC.put(RequestFacts.SPAN_ID, span.getSpanContext().getSpanId());
        }
        res.whenSent(() -> {
            Exchange exchange = new Exchange(method, routeOf(req), res.status().code(), System.nanoTime() - start,
                    res.bytesWritten());
            try {
                onFinished.accept(exchange);
                RequestSpans.end(span, exchange);
            } finally {
                AccessLog.write(exchange);
                MDC.clear();
            }
        });
        // Current while the request is handled, so that provider calls are its children.
        try (Scope scope = span.makeCurrent()) {
            chain.proceed();
        }
    }

    /**
     * The template of the route that took the request, with the prefix it was registered under;
     * the last handler, which answers 404 and 405 for every path, has none.
     */
    private static String routeOf(RoutingRequest req) {
        return req.matchingPattern().filter(pattern -> !pattern.isEmpty()).orElse(Exchange.UNMATCHED);
    }
}
