package dev.openloop.server.door.v4;

import dev.openloop.server.apikey.Caller;
import dev.openloop.server.apikey.KeyScope;
import dev.openloop.server.apikey.Role;
import dev.openloop.server.http.RulesThrough;
import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who may take each v4 route: the role it needs, and how the project it touches is found from
 * the path. Every route is registered through {@link #guard}, which runs the route's rule before
 * its handler; a route without a rule stops the node from starting, so no route is ever served
 * unchecked. What a route finds in its body or query (a chat's project, the logs feedback names,
 * a list's project) its handler checks with {@link ScopeChecks}; lists show only what the key reaches.
 */
public final class V4Access {
    /** How a route's path names the project it touches; checked against the caller's projects. */
    @FunctionalInterface
    interface Reach {
        void check(ServerRequest req, KeyScope scope);

        /** The route touches no project, or its handler checks what its body or query names. */
        Reach HANDLER = (req, scope) -> { };
    }

    /** What a route needs of its caller. */
    record Rule(Role role, Reach reach) {
    }

    private final Map<String, Rule> rules = new LinkedHashMap<>();

    public V4Access(ScopeChecks checks) {
        Reach project = (req, scope) -> checks.project(scope, param(req, "id"));
        Reach projectId = (req, scope) -> checks.project(scope, param(req, "project_id"));
        Reach experiment = (req, scope) -> checks.experiment(scope, param(req, "experiment_id"));
        Reach log = (req, scope) -> checks.log(scope, param(req, "id"));
        Reach config = (req, scope) -> checks.config(scope, param(req, "id"));
        Reach session = (req, scope) -> checks.session(scope, param(req, "id"));
        Reach createsProject = (req, scope) -> checks.mayCreateProject(scope);

        for (ChatEndpoint endpoint : ChatEndpoint.values()) {
            rule(Method.POST, endpoint.path(), Role.WRITE, Reach.HANDLER);
        }
        for (CompletionEndpoint endpoint : CompletionEndpoint.values()) {
            rule(Method.POST, endpoint.path(), Role.WRITE, Reach.HANDLER);
        }
        rule(Method.GET, "/projects", Role.READ, Reach.HANDLER);
        rule(Method.POST, "/projects", Role.WRITE, createsProject);
        rule(Method.GET, "/projects/{id}", Role.READ, project);
        rule(Method.PATCH, "/projects/{id}", Role.WRITE, project);
        rule(Method.DELETE, "/projects/{id}", Role.WRITE, project);
        rule(Method.GET, "/projects/{id}/configs", Role.READ, project);
        rule(Method.GET, "/projects/{id}/active-config", Role.READ, project);
        rule(Method.DELETE, "/projects/{id}/active-config", Role.WRITE, project);
        rule(Method.DELETE, "/projects/{id}/active-experiment", Role.WRITE, project);
        rule(Method.GET, "/projects/{id}/deployed-configs", Role.READ, project);
        rule(Method.PATCH, "/projects/{project_id}/deploy-config", Role.WRITE, projectId);
        rule(Method.DELETE, "/projects/{project_id}/deployed-config/{environment_id}", Role.WRITE, projectId);
        rule(Method.POST, "/projects/{id}/feedback-types", Role.WRITE, project);
        rule(Method.PATCH, "/projects/{id}/feedback-types", Role.WRITE, project);
        rule(Method.GET, "/projects/{project_id}/experiments", Role.READ, projectId);
        rule(Method.POST, "/projects/{project_id}/experiments", Role.WRITE, projectId);
        // An export reads the project's logs and writes nothing.
        rule(Method.POST, "/projects/{id}/export", Role.READ, project);
        rule(Method.POST, "/model-configs", Role.WRITE, Reach.HANDLER);
        rule(Method.GET, "/model-configs/{id}", Role.READ, config);
        rule(Method.PATCH, "/experiments/{experiment_id}", Role.WRITE, experiment);
        rule(Method.DELETE, "/experiments/{experiment_id}", Role.WRITE, experiment);
        // Drawing a config from an experiment counts a trial: a write.
        rule(Method.GET, "/experiments/{experiment_id}/model-config", Role.WRITE, experiment);
        // A session belongs to no project until a log is placed in it: a key limited to projects
        // opens one by a chat's session_reference_id instead.
        rule(Method.POST, "/sessions", Role.WRITE, (req, scope) -> checks.outsideProjects(scope, "create a session outside them"));
        rule(Method.GET, "/sessions/{id}", Role.READ, session);
        rule(Method.GET, "/sessions", Role.READ, Reach.HANDLER);
        rule(Method.POST, "/logs", Role.WRITE, Reach.HANDLER);
        rule(Method.GET, "/logs", Role.READ, Reach.HANDLER);
        rule(Method.GET, "/logs/{id}", Role.READ, log);
        rule(Method.PATCH, "/logs/{id}", Role.WRITE, log);
        rule(Method.PATCH, "/logs", Role.WRITE, Reach.HANDLER);
        rule(Method.DELETE, "/logs", Role.WRITE, Reach.HANDLER);
        rule(Method.POST, "/feedback", Role.WRITE, Reach.HANDLER);
        // Environments are the server's, shared by every project: anyone reads them, an admin makes them.
        rule(Method.GET, "/environments", Role.READ, Reach.HANDLER);
        rule(Method.POST, "/environments", Role.ADMIN, Reach.HANDLER);
        rule(Method.GET, SpendRoutes.PATH, Role.READ, Reach.HANDLER);
        rule(Method.GET, LimitRoutes.PATH, Role.ADMIN, Reach.HANDLER);
        rule(Method.GET, LimitRoutes.PATH + "/{kind}/{id}", Role.ADMIN, Reach.HANDLER);
        rule(Method.PUT, LimitRoutes.PATH + "/{kind}/{id}", Role.ADMIN, Reach.HANDLER);
        rule(Method.DELETE, LimitRoutes.PATH + "/{kind}/{id}", Role.ADMIN, Reach.HANDLER);
        rule(Method.GET, KeyRoutes.PATH, Role.ADMIN, Reach.HANDLER);
        rule(Method.POST, KeyRoutes.PATH, Role.ADMIN, Reach.HANDLER);
        rule(Method.DELETE, KeyRoutes.PATH + "/{id}", Role.ADMIN, Reach.HANDLER);
        // The endpoints OpenLoop does not serve answer 501 to whoever asks, and change nothing.
        UnservedRoutes.eachEndpoint((method, path) -> rule(method, path, Role.READ, Reach.HANDLER));
    }

    private void rule(Method method, String path, Role role, Reach reach) {
        rules.put(key(method, path), new Rule(role, reach));
    }

    private static String key(Method method, String path) {
        return method.text() + " " + path;
    }

    private static String param(ServerRequest req, String name) {
        return req.path().pathParameters().get(name);
    }

    /** Every rule by {@code METHOD /path} (below {@code /v4}), for the test that walks them all. */
    public Map<String, Role> roles() {
        Map<String, Role> roles = new LinkedHashMap<>();
        rules.forEach((route, rule) -> roles.put(route, rule.role()));
        return Collections.unmodifiableMap(roles);
    }

    /** {@code services}, each of whose routes runs its rule before its handler. */
    public HttpService[] guard(HttpService... services) {
        HttpService[] guarded = new HttpService[services.length];
        for (int i = 0; i < services.length; i++) {
            HttpService service = services[i];
            guarded[i] = RulesThrough.of(service, Guarding::new);
        }
        return guarded;
    }

    private Handler guarded(Method method, String path, Handler handler) {
        Rule rule = rules.get(key(method, path));
        if (rule == null) {
            throw new IllegalStateException(method.text() + " /v4" + path + " has no access rule in V4Access: say who may take it");
        }
        String what = method.text() + " /v4" + path;
        return (req, res) -> {
            Caller caller = Caller.of(req);
            caller.require(rule.role(), what);
            rule.reach().check(req, caller.scope());
            handler.handle(req, res);
        };
    }

    /** Rules that guard each route as it is declared; a route declared in any other way is refused. */
    private final class Guarding implements HttpRules {
        private final HttpRules rules;

        Guarding(HttpRules rules) {
            this.rules = rules;
        }

        @Override
        public HttpRules register(HttpService... services) {
            rules.register(guard(services));
            return this;
        }

        @Override
        public HttpRules register(String path, HttpService... services) {
            throw new IllegalStateException("v4 services are registered at /v4 itself, so that V4Access knows their paths");
        }

        @Override
        public HttpRules route(HttpRoute route) {
            throw new IllegalStateException("a v4 route is declared with its method and path, so that V4Access can guard it");
        }

        @Override
        public HttpRules route(Method method, String pathPattern, Handler handler) {
            rules.route(method, pathPattern, guarded(method, pathPattern, handler));
            return this;
        }

        private HttpRules each(Method method, String pathPattern, Handler... handlers) {
            for (Handler handler : handlers) {
                route(method, pathPattern, handler);
            }
            return this;
        }

        @Override
        public HttpRules get(String pathPattern, Handler... handlers) {
            return each(Method.GET, pathPattern, handlers);
        }

        @Override
        public HttpRules post(String pathPattern, Handler... handlers) {
            return each(Method.POST, pathPattern, handlers);
        }

        @Override
        public HttpRules put(String pathPattern, Handler... handlers) {
            return each(Method.PUT, pathPattern, handlers);
        }

        @Override
        public HttpRules patch(String pathPattern, Handler... handlers) {
            return each(Method.PATCH, pathPattern, handlers);
        }

        @Override
        public HttpRules delete(String pathPattern, Handler... handlers) {
            return each(Method.DELETE, pathPattern, handlers);
        }
    }
}
