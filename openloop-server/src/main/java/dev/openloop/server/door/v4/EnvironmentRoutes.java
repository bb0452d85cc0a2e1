package dev.openloop.server.door.v4;

import dev.openloop.api.environment.CreateEnvironmentRequest;
import dev.openloop.api.environment.EnvironmentResponse;
import dev.openloop.server.environment.Environment;
import dev.openloop.server.environment.EnvironmentStore;
import dev.openloop.server.http.LimitChecks;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.store.Timestamps;
import dev.openloop.server.web.JsonAnswers;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/**
 * {@code GET|POST /v4/environments}: an OpenLoop extension. v4 has no endpoints for environments
 * (Humanloop managed them in its UI), but deployments name them, so teams need a way to add the
 * ones they deploy to.
 */
public final class EnvironmentRoutes implements HttpService {
    private final EnvironmentStore environments;

    public EnvironmentRoutes(EnvironmentStore environments) {
        this.environments = environments;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/environments", (req, res) -> JsonAnswers.send(res, 200,
                environments.list().stream().map(EnvironmentRoutes::response).toList()));
        rules.post("/environments", (req, res) -> {
            CreateEnvironmentRequest request = RequestBodies.read(req, CreateEnvironmentRequest.class,
                    RequestBodies.Extras.IGNORE, (body, problems) -> {
                        if (body.name() == null || body.name().isBlank()) {
                            problems.missing(RequestBodies.body("name"));
                        }
                        LimitChecks.name(body.name(), RequestBodies.body("name"), problems);
                    });
            JsonAnswers.send(res, 201, response(environments.create(request.name().strip())));
        });
    }

    static EnvironmentResponse response(Environment environment) {
        return new EnvironmentResponse(environment.id(), environment.name(), environment.tag(),
                Timestamps.at(environment.createdAt()));
    }
}
