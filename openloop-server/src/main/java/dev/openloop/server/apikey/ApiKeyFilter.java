package dev.openloop.server.apikey;

import dev.openloop.server.failure.Refusal;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Lets a request under {@code /v4} through only with a known key in {@code X-API-KEY}; any other is
 * refused, and the door words the refusal. The request carries its {@link Caller} on to the routes.
 */
public final class ApiKeyFilter implements Filter {
    private static final HeaderName X_API_KEY = HeaderNames.create("X-API-KEY");

    private final ApiKeys apiKeys;

    public ApiKeyFilter(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        if (!path.equals("/v4") && !path.startsWith("/v4/")) {
            chain.proceed();
            return;
        }
        String key = req.headers().first(X_API_KEY).orElse(null);
        if (key == null || key.isBlank()) {
            throw Refusal.unauthorized("Missing X-API-KEY header");
        }
        Caller caller = apiKeys.callerOf(key.strip()).orElseThrow(() -> Refusal.unauthorized("Invalid API key"));
        Caller.attach(req, caller);
        chain.proceed();
    }
}
