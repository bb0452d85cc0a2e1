package dev.openloop.server.http;

import io.helidon.common.uri.UriFragment;
import io.helidon.common.uri.UriPath;
import io.helidon.common.uri.UriQuery;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The routes the services declare, so that a request no route took can be told apart: a path
 * that exists with other methods (405 {@code Method Not Allowed}, with {@code Allow}, as FastAPI
 * answered) from a path that does not (404). Helidon answers both with 404.
 *
 * <p>Services are registered through {@link #watch}, which notes each route as the service
 * declares it; {@link #answerUnmatched} is the last handler of the routing.
 */
public final class DeclaredRoutes {
    /** The methods a v4 route may take, in the order {@code Allow} names them. */
    private static final List<Method> METHODS = List.of(Method.GET, Method.POST, Method.PUT, Method.PATCH, Method.DELETE);

    /** Filled while the routing is built, read only afterwards. */
    private final List<Declared> routes = new ArrayList<>();

    /** A route and the path it was registered under. */
    private record Declared(String prefix, HttpRoute route) {
    }

    /**
     * {@code services}, each noting its routes here when Helidon asks it for them under
     * {@code prefix}; {@code ""} for services registered at the root, such as the health check.
     */
    public HttpService[] watch(String prefix, HttpService... services) {
        HttpService[] watched = new HttpService[services.length];
        for (int i = 0; i < services.length; i++) {
            watched[i] = RulesThrough.of(services[i], rules -> new Noting(rules, prefix));
        }
        return watched;
    }

    /** Answers a request no route took: 405 when its path has routes for other methods, else 404. */
    public void answerUnmatched(ServerRequest req, ServerResponse res) {
        List<Method> allowed = allowedMethods(req.prologue(), req.path().path());
        if (allowed.isEmpty()) {
            throw ApiException.notFound("Not Found");
        }
        throw ApiException.methodNotAllowed(allowed.stream().map(Method::text).collect(Collectors.joining(", ")));
    }

    private List<Method> allowedMethods(HttpPrologue request, String path) {
        List<Method> allowed = new ArrayList<>();
        for (Method method : METHODS) {
            if (!method.equals(request.method()) && anyAccepts(request, method, path)) {
                allowed.add(method);
            }
        }
        return allowed;
    }

    private boolean anyAccepts(HttpPrologue request, Method method, String path) {
        for (Declared declared : routes) {
            String rest = underPrefix(path, declared.prefix());
            if (rest == null) {
                continue;
            }
            HttpPrologue probe = HttpPrologue.create(request.rawProtocol(), request.protocol(), request.protocolVersion(),
                    method, UriPath.create(rest), UriQuery.empty(), UriFragment.empty());
            if (declared.route().accepts(probe).accepted()) {
                return true;
            }
        }
        return false;
    }

    /** {@code path} below {@code prefix}, e.g. {@code /chat} for {@code /v4/chat} under {@code /v4}; null when not below it. */
    private static String underPrefix(String path, String prefix) {
        if (prefix.isEmpty()) {
            return path;
        }
        if (path.equals(prefix)) {
            return "/";
        }
        return path.startsWith(prefix + "/") ? path.substring(prefix.length()) : null;
    }

    private final class Noting implements HttpRules {
        private final HttpRules rules;
        private final String prefix;

        Noting(HttpRules rules, String prefix) {
            this.rules = rules;
            this.prefix = prefix;
        }

        @Override
        public HttpRules register(HttpService... services) {
            rules.register(watch(prefix, services));
            return this;
        }

        @Override
        public HttpRules register(String path, HttpService... services) {
            rules.register(path, watch(prefix + path, services));
            return this;
        }

        @Override
        public HttpRules route(HttpRoute route) {
            routes.add(new Declared(prefix, route));
            rules.route(route);
            return this;
        }
    }
}
