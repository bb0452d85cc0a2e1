package dev.openloop.server.door.v4;

import dev.openloop.server.http.ApiException;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.util.List;

/**
 * The v4 endpoints OpenLoop does not serve, each answered with 501 and a {@code detail} naming it
 * and pointing to {@code docs/api.md}. A bare 404 there reads like a mistyped URL, and sends the
 * caller looking for a typo; a genuinely unknown path stays a 404. The list is the v4.0.1 document's
 * paths (and the finetunes of SDK 0.5.36) that no other route serves, with their methods, so that
 * another method on them is still a 405.
 */
public final class UnservedRoutes implements HttpService {
    /** Where the endpoints OpenLoop leaves out are listed, with why. */
    static final String DOCS = "docs/api.md (\"The rest of v4\")";

    /** An endpoint family: what it is, and its paths with their methods. */
    private record Family(String what, List<Endpoint> endpoints) {
    }

    private record Endpoint(Method method, String path) {
    }

    private static final List<Family> FAMILIES = List.of(
            new Family("the .prompt file format of model configs", List.of(
                    new Endpoint(Method.POST, "/model-configs/{id}/export"),
                    new Endpoint(Method.POST, "/model-configs/serialize"),
                    new Endpoint(Method.POST, "/model-configs/deserialize"))),
            new Family("datasets (Humanloop's evaluation product)", List.of(
                    new Endpoint(Method.GET, "/projects/{project_id}/datasets"),
                    new Endpoint(Method.POST, "/projects/{project_id}/datasets"),
                    new Endpoint(Method.GET, "/datasets"),
                    new Endpoint(Method.GET, "/datasets/{id}"),
                    new Endpoint(Method.PATCH, "/datasets/{id}"),
                    new Endpoint(Method.DELETE, "/datasets/{id}"),
                    new Endpoint(Method.GET, "/datasets/{dataset_id}/datapoints"),
                    new Endpoint(Method.POST, "/datasets/{dataset_id}/datapoints"),
                    new Endpoint(Method.GET, "/datapoints/{id}"),
                    new Endpoint(Method.PATCH, "/datapoints/{id}"),
                    new Endpoint(Method.DELETE, "/datapoints"))),
            new Family("evaluators (Humanloop's evaluation product)", List.of(
                    new Endpoint(Method.GET, "/evaluators"),
                    new Endpoint(Method.POST, "/evaluators"),
                    new Endpoint(Method.GET, "/evaluators/{id}"),
                    new Endpoint(Method.PATCH, "/evaluators/{id}"),
                    new Endpoint(Method.DELETE, "/evaluators/{id}"))),
            new Family("evaluations (Humanloop's evaluation product)", List.of(
                    new Endpoint(Method.GET, "/projects/{project_id}/evaluations"),
                    new Endpoint(Method.POST, "/projects/{project_id}/evaluations"),
                    new Endpoint(Method.GET, "/evaluations"),
                    new Endpoint(Method.GET, "/evaluations/{id}"),
                    new Endpoint(Method.GET, "/evaluations/{id}/datapoints"),
                    new Endpoint(Method.POST, "/evaluations/{id}/log"),
                    new Endpoint(Method.POST, "/evaluations/{id}/result"),
                    new Endpoint(Method.PATCH, "/evaluations/{id}/status"),
                    new Endpoint(Method.PATCH, "/evaluations/{id}/evaluators"))),
            new Family("finetunes (SDK 0.5.36 only)", List.of(
                    new Endpoint(Method.GET, "/projects/{project_id}/finetunes"),
                    new Endpoint(Method.POST, "/projects/{project_id}/finetunes"),
                    new Endpoint(Method.POST, "/projects/{project_id}/finetunes/summary"),
                    new Endpoint(Method.PATCH, "/finetunes/{id}"))));

    /** Each endpoint not served, by method and path (below {@code /v4}). */
    static void eachEndpoint(java.util.function.BiConsumer<Method, String> each) {
        FAMILIES.forEach(family -> family.endpoints().forEach(endpoint -> each.accept(endpoint.method(), endpoint.path())));
    }

    @Override
    public void routing(HttpRules rules) {
        for (Family family : FAMILIES) {
            for (Endpoint endpoint : family.endpoints()) {
                String why = endpoint.method().text() + " /v4" + endpoint.path() + " is a v4 endpoint OpenLoop does not serve: "
                        + family.what() + " is not part of OpenLoop; see " + DOCS;
                rules.route(endpoint.method(), endpoint.path(), (req, res) -> {
                    throw ApiException.notImplemented(why);
                });
            }
        }
    }
}
