package dev.openloop.server.http;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.util.function.UnaryOperator;

/**
 * A service whose routes are declared through other rules: what a wrapper of the routing sees
 * or adds to each route as the service declares it (the routes noted for 405s, each route's
 * access rule), the service's life cycle passed on as it is.
 */
public final class RulesThrough implements HttpService {
    private final HttpService service;
    private final UnaryOperator<HttpRules> through;

    private RulesThrough(HttpService service, UnaryOperator<HttpRules> through) {
        this.service = service;
        this.through = through;
    }

    /** {@code service}, declaring its routes on {@code through} applied to the rules it is given. */
    public static HttpService of(HttpService service, UnaryOperator<HttpRules> through) {
        return new RulesThrough(service, through);
    }

    @Override
    public void routing(HttpRules rules) {
        service.routing(through.apply(rules));
    }

    @Override
    public void beforeStart() {
        service.beforeStart();
    }

    @Override
    public void afterStart(WebServer webServer) {
        service.afterStart(webServer);
    }

    @Override
    public void afterStop() {
        service.afterStop();
    }
}
