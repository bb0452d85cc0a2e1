package dev.openloop.server.observe;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.function.Consumer;

/**
 * The first filter of every request: gives it its id (the caller's {@code X-Request-Id} when
 * usable, else a new one), echoes the id in the answer, keeps it in the MDC for every log line of
 * the request, and once the answer is sent hands the exchange to {@code onFinished} (the access
 * log, the HTTP metrics). A connection's requests share its thread, so the facts are cleared
 * when each answer is sent and begun anew by the next request.
 */
public final class RequestObserver implements Filter {
    private static final HeaderName REQUEST_ID = HeaderNames.create(RequestIds.HEADER);

    private final Consumer<Exchange> onFinished;

    public RequestObserver(Consumer<Exchange> onFinished) {
        this.onFinished = onFinished;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        String id = RequestIds.of(req.headers().first(REQUEST_ID).orElse(null));
        RequestFacts.begin(id);
        res.header(REQUEST_ID, id);
        String method = req.prologue().method().text();
        res.whenSent(() -> {
            Exchange exchange = new Exchange(method, routeOf(req), res.status().code(), System.nanoTime() - start,
                    res.bytesWritten());
            try {
                onFinished.accept(exchange);
            } finally {
                AccessLog.write(exchange);
                org.slf4j.MDC.clear();
            }
        });
        chain.proceed();
    }

    /**
     * The template of the route that took the request, with the prefix it was registered under;
     * the last handler, which answers 404 and 405 for every path, has none.
     */
    private static String routeOf(RoutingRequest req) {
        return req.matchingPattern().filter(pattern -> !pattern.isEmpty()).orElse(Exchange.UNMATCHED);
    }
}
