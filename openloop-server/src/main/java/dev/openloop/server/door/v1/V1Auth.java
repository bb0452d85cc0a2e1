package dev.openloop.server.door.v1;

import dev.openloop.server.apikey.Caller;
import java.util.Optional;
import dev.openloop.server.apikey.ApiKeys;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Lets a request under {@code /v1} through only with an OpenLoop API key, the same keys as v4's:
 * in {@code Authorization: Bearer <key>}, as OpenAI's clients send it, or in {@code X-API-KEY}.
 * A 401 otherwise, in OpenAI's shape.
 */
public final class V1Auth implements Filter {
    private static final HeaderName X_API_KEY = HeaderNames.create("X-API-KEY");
    private static final String BEARER = "bearer ";

    private final ApiKeys apiKeys;

    public V1Auth(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        if (!path.equals("/v1") && !path.startsWith("/v1/")) {
            chain.proceed();
            return;
        }
        String key = keyOf(req);
        if (key == null) {
            V1Errors.write(res, V1Exception.unauthorized("You didn't provide an API key: send your OpenLoop API key"
                    + " as 'Authorization: Bearer <key>' (or in X-API-KEY)"));
            return;
        }
        Optional<Caller> caller = apiKeys.callerOf(key);
        if (caller.isEmpty()) {
            V1Errors.write(res, V1Exception.unauthorized("Incorrect API key provided"));
            return;
        }
        Caller.attach(req, caller.get());
        chain.proceed();
    }

    private static String keyOf(RoutingRequest req) {
        String authorization = req.headers().first(HeaderNames.AUTHORIZATION).map(String::strip).orElse("");
        if (authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String key = authorization.substring(BEARER.length()).strip();
            if (!key.isEmpty()) {
                return key;
            }
        }
        String key = req.headers().first(X_API_KEY).map(String::strip).orElse("");
        return key.isEmpty() ? null : key;
    }
}
