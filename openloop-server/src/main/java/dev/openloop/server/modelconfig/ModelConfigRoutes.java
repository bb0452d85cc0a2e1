package dev.openloop.server.modelconfig;

import static dev.openloop.server.http.RequestBodies.body;

import dev.openloop.api.config.ProjectModelConfigRequest;
import dev.openloop.server.deployment.DeploymentStore;
import dev.openloop.server.environment.EnvironmentStore;
import dev.openloop.server.experiment.Experiment;
import dev.openloop.server.experiment.ExperimentStore;
import dev.openloop.server.http.ApiException;
import dev.openloop.server.http.Json;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.project.Project;
import dev.openloop.server.project.ProjectStore;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/**
 * {@code /v4/model-configs}: register a config with a project, and read a stored one.
 * Registering identical parameters again answers with the same id.
 */
public final class ModelConfigRoutes implements HttpService {
    private final ModelConfigStore configs;
    private final ProjectConfigs projectConfigs;
    private final ProjectStore projects;
    private final ExperimentStore experiments;
    private final EnvironmentStore environments;
    private final DeploymentStore deployments;

    public ModelConfigRoutes(ModelConfigStore configs, ProjectConfigs projectConfigs, ProjectStore projects,
            ExperimentStore experiments, EnvironmentStore environments, DeploymentStore deployments) {
        this.configs = configs;
        this.projectConfigs = projectConfigs;
        this.projects = projects;
        this.experiments = experiments;
        this.environments = environments;
        this.deployments = deployments;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/model-configs", this::register)
                .get("/model-configs/{id}", (req, res) -> Json.send(res, 200,
                        ModelConfigResponses.of(configs.get(req.path().pathParameters().get("id")))));
    }

    private void register(ServerRequest req, ServerResponse res) {
        // A strict schema in v4; the keys SDKs add to every body are still let through.
        ProjectModelConfigRequest request = RequestBodies.read(req, ProjectModelConfigRequest.class,
                RequestBodies.Extras.REFUSE_EXCEPT_SDK_COPIES, ModelConfigRoutes::check);
        Project project = request.projectId() != null
                ? projects.get(request.projectId())
                : projects.findOrCreateByName(request.project().strip());
        Experiment experiment = null;
        if (request.experiment() != null) {
            experiment = experiments.findByName(project.id(), request.experiment())
                    .orElseThrow(() -> ApiException.notFound("Project " + project.id() + " has no experiment named '"
                            + request.experiment() + "'"));
        }
        StoredConfig stored = configs.register(request.config());
        configs.link(project.id(), stored.id());
        if (experiment != null) {
            experiments.register(experiment.id(), List.of(stored.id()));
        }
        // v4: the first config registered to a project becomes its active config.
        deployments.deployConfigIfEmpty(project.id(), environments.defaultEnvironment().id(), stored.id());
        ProjectConfig used = projectConfigs.find(project.id(), stored.id()).orElseThrow();
        Json.send(res, 200, projectConfigs.response(used, experiment == null ? null : experiment.id(), null, null));
    }

    private static void check(ProjectModelConfigRequest request, RequestBodies.Problems problems) {
        ConfigChecks.checkConfig(request.config(), List.of("body"), problems);
        if (request.projectId() == null && (request.project() == null || request.project().isBlank())) {
            problems.add(body("project"), "field required: give project or project_id", "value_error.missing");
        }
    }
}
