package dev.openloop.server.door.v4;

import static dev.openloop.server.http.RequestBodies.body;

import dev.openloop.api.project.EnvironmentProjectConfigRequest;
import dev.openloop.api.project.EnvironmentRequest;
import dev.openloop.api.project.ProjectConfigResponse;
import dev.openloop.server.deployment.Deployment;
import dev.openloop.server.deployment.DeploymentStore;
import dev.openloop.server.environment.Environment;
import dev.openloop.server.environment.EnvironmentStore;
import dev.openloop.server.experiment.Experiment;
import dev.openloop.server.experiment.ExperimentConfig;
import dev.openloop.server.experiment.Experiments;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.http.QueryParams;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.modelconfig.ProjectConfig;
import dev.openloop.server.modelconfig.ProjectConfigs;
import dev.openloop.server.project.Project;
import dev.openloop.server.project.ProjectResponses;
import dev.openloop.server.project.ProjectService;
import dev.openloop.server.project.ProjectStore;
import dev.openloop.server.web.JsonAnswers;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A project's configs and what it has deployed: {@code /v4/projects/{id}/configs}, its active
 * config (a draw when an experiment is deployed), its deployments per environment (spec §10.1).
 */
public final class ProjectConfigRoutes implements HttpService {
    private final ProjectStore projects;
    private final ProjectService service;
    private final ProjectResponses responses;
    private final ProjectConfigs projectConfigs;
    private final EnvironmentStore environments;
    private final DeploymentStore deployments;
    private final Experiments experiments;

    public ProjectConfigRoutes(ProjectStore projects, ProjectService service, ProjectResponses responses, ProjectConfigs projectConfigs,
            EnvironmentStore environments, DeploymentStore deployments, Experiments experiments) {
        this.projects = projects;
        this.service = service;
        this.responses = responses;
        this.projectConfigs = projectConfigs;
        this.environments = environments;
        this.deployments = deployments;
        this.experiments = experiments;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/projects/{id}/configs", this::listConfigs)
                .get("/projects/{id}/active-config", this::activeConfig)
                .delete("/projects/{id}/active-config", (req, res) -> undeploy(req, res, true))
                .delete("/projects/{id}/active-experiment", (req, res) -> undeploy(req, res, false))
                .get("/projects/{id}/deployed-configs", (req, res) -> JsonAnswers.send(res, 200,
                        responses.deployed(ProjectRequests.project(projects, req, "id"))))
                .patch("/projects/{project_id}/deploy-config", this::deployConfig)
                .delete("/projects/{project_id}/deployed-config/{environment_id}", this::removeDeployment);
    }

    private void listConfigs(ServerRequest req, ServerResponse res) {
        Project project = ProjectRequests.project(projects, req, "id");
        Map<String, String> experimentOfConfig = new HashMap<>();
        for (Experiment experiment : experiments.store().list(project.id())) {
            for (ExperimentConfig config : experiments.store().configs(experiment.id())) {
                experimentOfConfig.putIfAbsent(config.configId(), experiment.id());
            }
        }
        List<ProjectConfigResponse> answer = new ArrayList<>();
        for (ProjectConfig used : projectConfigs.of(project.id())) {
            answer.add(projectConfigs.response(used, experimentOfConfig.get(used.configId()), null, null));
        }
        JsonAnswers.send(res, 200, answer);
    }

    /** The config the environment's deployment gives: the deployed config, or a draw from the deployed experiment. */
    private void activeConfig(ServerRequest req, ServerResponse res) {
        Project project = ProjectRequests.project(projects, req, "id");
        QueryParams query = new QueryParams(req);
        String environmentName = query.string("environment");
        query.done();
        Environment environment = environments.byNameOrDefault(environmentName);
        Deployment deployment = deployments.find(project.id(), environment.id())
                .orElseThrow(() -> Refusal.notFound("Project " + project.id() + " has nothing deployed to environment '"
                        + environment.name() + "'"));
        String configId = deployment.configId();
        String trialId = null;
        if (deployment.experimentId() != null) {
            configId = experiments.draw(deployment.experimentId(), 1).getFirst().config().id();
            trialId = experiments.store().recordTrial(deployment.experimentId(), configId, environment.id());
        }
        String chosen = configId;
        ProjectConfig used = projectConfigs.find(project.id(), chosen)
                .orElseThrow(() -> new IllegalStateException("deployed config " + chosen + " is not linked to " + project.id()));
        JsonAnswers.send(res, 200, projectConfigs.response(used, deployment.experimentId(), trialId, environment.id()));
    }

    private void undeploy(ServerRequest req, ServerResponse res, boolean config) {
        Project project = ProjectRequests.project(projects, req, "id");
        QueryParams query = new QueryParams(req);
        String environmentName = query.string("environment");
        query.done();
        Environment environment = environments.byNameOrDefault(environmentName);
        if (config) {
            deployments.removeConfig(project.id(), environment.id());
        } else {
            deployments.removeExperiment(project.id(), environment.id());
        }
        JsonAnswers.send(res, 200, responses.of(project));
    }

    private void deployConfig(ServerRequest req, ServerResponse res) {
        Project project = ProjectRequests.project(projects, req, "project_id");
        EnvironmentProjectConfigRequest request = RequestBodies.read(req, EnvironmentProjectConfigRequest.class,
                RequestBodies.Extras.IGNORE, (body, problems) -> {
                    if ((body.configId() == null) == (body.experimentId() == null)) {
                        problems.add(body("config_id"), "give exactly one of config_id and experiment_id", "value_error");
                    }
                    if (body.environments() != null) {
                        for (int i = 0; i < body.environments().size(); i++) {
                            EnvironmentRequest environment = body.environments().get(i);
                            if (environment == null || environment.id() == null) {
                                problems.missing(body("environments", i, "id"));
                            }
                        }
                    }
                });
        List<String> environmentIds = request.environments() == null ? null
                : request.environments().stream().map(EnvironmentRequest::id).toList();
        service.deploy(project, environmentIds, request.configId(), request.experimentId());
        JsonAnswers.send(res, 200, responses.deployed(project));
    }

    private void removeDeployment(ServerRequest req, ServerResponse res) {
        Project project = ProjectRequests.project(projects, req, "project_id");
        Environment environment = environments.get(req.path().pathParameters().get("environment_id"));
        deployments.remove(project.id(), environment.id());
        JsonAnswers.send(res, 200, responses.deployed(project));
    }
}
