package dev.openloop.server.door.v4;

import static dev.openloop.server.http.RequestBodies.body;

import dev.openloop.api.common.PaginatedData;
import dev.openloop.api.experiment.CreateExperimentRequest;
import dev.openloop.api.project.CreateProjectRequest;
import dev.openloop.api.project.EnvironmentProjectConfigRequest;
import dev.openloop.api.project.EnvironmentRequest;
import dev.openloop.api.project.FeedbackTypeModel;
import dev.openloop.api.project.FeedbackTypeRequest;
import dev.openloop.api.project.PositiveLabel;
import dev.openloop.api.project.ProjectConfigResponse;
import dev.openloop.api.project.ProjectResponse;
import dev.openloop.api.project.UpdateProjectRequest;
import dev.openloop.server.chatlog.LogListing;
import dev.openloop.server.chatlog.LogResponses;
import dev.openloop.server.chatlog.LogStore;
import dev.openloop.server.deployment.Deployment;
import dev.openloop.server.deployment.DeploymentStore;
import dev.openloop.server.environment.Environment;
import dev.openloop.server.environment.EnvironmentStore;
import dev.openloop.server.experiment.Experiment;
import dev.openloop.server.experiment.ExperimentConfig;
import dev.openloop.server.experiment.Experiments;
import dev.openloop.server.http.ApiException;
import dev.openloop.server.http.JsonAnswers;
import dev.openloop.server.http.LimitChecks;
import dev.openloop.server.http.QueryParams;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.json.Json;
import dev.openloop.server.modelconfig.ModelConfigStore;
import dev.openloop.server.modelconfig.ProjectConfig;
import dev.openloop.server.modelconfig.ProjectConfigs;
import dev.openloop.server.modelconfig.StoredConfig;
import dev.openloop.server.project.FeedbackTypes;
import dev.openloop.server.project.Project;
import dev.openloop.server.project.ProjectDeployments;
import dev.openloop.server.project.ProjectResponses;
import dev.openloop.server.project.ProjectStore;
import dev.openloop.server.store.LockOrder;
import dev.openloop.server.store.Transactions;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;


/**
 * {@code /v4/projects} and everything under a project: its configs, what it has deployed, its
 * feedback types, its experiments and the export of its logs (spec §10.1, §10.4).
 *
 * <p>A request that writes several things writes them inside one {@code jdbi} transaction: the
 * stores' own calls join it, since Jdbi hands calls made on this thread the handle already open.
 * Rows named by a list of ids are written in one order ({@link LockOrder}), so that two requests
 * naming some of the same rows wait for each other rather than deadlock; a transaction that loses
 * a conflict anyway runs once more ({@link Transactions}).
 */
public final class ProjectRoutes implements HttpService {
    private final Jdbi jdbi;
    private final ProjectStore projects;
    private final ProjectResponses responses;
    private final FeedbackTypes feedbackTypes;
    private final ProjectConfigs projectConfigs;
    private final ModelConfigStore configs;
    private final EnvironmentStore environments;
    private final DeploymentStore deployments;
    private final ProjectDeployments deploy;
    private final Experiments experiments;
    private final LogStore logs;
    private final LogResponses logResponses;

    public ProjectRoutes(Jdbi jdbi, ProjectStore projects, ProjectResponses responses, FeedbackTypes feedbackTypes,
            ProjectConfigs projectConfigs, ModelConfigStore configs, EnvironmentStore environments,
            DeploymentStore deployments, ProjectDeployments deploy, Experiments experiments, LogStore logs,
            LogResponses logResponses) {
        this.jdbi = jdbi;
        this.projects = projects;
        this.responses = responses;
        this.feedbackTypes = feedbackTypes;
        this.projectConfigs = projectConfigs;
        this.configs = configs;
        this.environments = environments;
        this.deployments = deployments;
        this.deploy = deploy;
        this.experiments = experiments;
        this.logs = logs;
        this.logResponses = logResponses;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/projects", this::list)
                .post("/projects", this::create)
                .get("/projects/{id}", (req, res) -> JsonAnswers.send(res, 200, responses.of(project(req, "id"))))
                .patch("/projects/{id}", this::update)
                .delete("/projects/{id}", this::delete)
                .get("/projects/{id}/configs", this::listConfigs)
                .get("/projects/{id}/active-config", this::activeConfig)
                .delete("/projects/{id}/active-config", (req, res) -> undeploy(req, res, true))
                .delete("/projects/{id}/active-experiment", (req, res) -> undeploy(req, res, false))
                .get("/projects/{id}/deployed-configs", (req, res) -> JsonAnswers.send(res, 200, responses.deployed(project(req, "id"))))
                .patch("/projects/{project_id}/deploy-config", this::deployConfig)
                .delete("/projects/{project_id}/deployed-config/{environment_id}", this::removeDeployment)
                .post("/projects/{id}/feedback-types", this::createFeedbackType)
                .patch("/projects/{id}/feedback-types", this::updateFeedbackTypes)
                .get("/projects/{project_id}/experiments", (req, res) -> JsonAnswers.send(res, 200,
                        experiments.store().list(project(req, "project_id").id()).stream().map(experiments::response).toList()))
                .post("/projects/{project_id}/experiments", this::createExperiment)
                .post("/projects/{id}/export", this::export);
    }

    private Project project(ServerRequest req, String parameter) {
        return projects.get(req.path().pathParameters().get(parameter));
    }

    private void list(ServerRequest req, ServerResponse res) {
        QueryParams query = new QueryParams(req);
        int page = query.integer("page", 0, 0, Integer.MAX_VALUE);
        int size = query.integer("size", 10, 1, 1000);
        String filter = query.string("filter");
        query.string("user_filter"); // accepted; projects have no users here
        String sortBy = query.oneOf("sort_by", "created_at", Set.of("created_at", "updated_at", "name"));
        String order = query.oneOf("order", "desc", Set.of("asc", "desc"));
        query.done();
        List<ProjectResponse> records = projects.list(filter, sortBy, order.equals("asc"), page, size).stream()
                .map(responses::of).toList();
        JsonAnswers.send(res, 200, new PaginatedData<>(records, page, size, projects.count(filter)));
    }

    private void create(ServerRequest req, ServerResponse res) {
        CreateProjectRequest request = RequestBodies.read(req, CreateProjectRequest.class, RequestBodies.Extras.IGNORE,
                (body, problems) -> {
                    if (body.name() == null || body.name().isBlank()) {
                        problems.missing(body("name"));
                    }
                    LimitChecks.name(body.name(), body("name"), problems);
                    checkFeedbackTypes(body.feedbackTypes(), body("feedback_types"), problems);
                });
        Project project = Transactions.inTransaction(jdbi, h -> {
            Project created = projects.create(request.name().strip(), request.directoryId());
            if (request.feedbackTypes() != null) {
                request.feedbackTypes().forEach(type -> feedbackTypes.upsert(created.id(), type));
            }
            return created;
        });
        JsonAnswers.send(res, 201, responses.of(project));
    }

    private void update(ServerRequest req, ServerResponse res) {
        Project project = project(req, "id");
        UpdateProjectRequest request = RequestBodies.read(req, UpdateProjectRequest.class, RequestBodies.Extras.IGNORE,
                (body, problems) -> {
                    if (body.activeConfigId() != null && body.activeExperimentId() != null) {
                        problems.add(body("active_experiment_id"), "give active_config_id or active_experiment_id, not both",
                                "value_error");
                    }
                    if (body.name() != null && body.name().isBlank()) {
                        problems.add(body("name"), "ensure this value is not blank", "value_error.any_str.min_length");
                    }
                    LimitChecks.name(body.name(), body("name"), problems);
                    checkLabels(body.positiveLabels(), body("positive_labels"), problems);
                });
        // Everything the request names is found before anything is written; the writes then share
        // one transaction, which a taken name (409) rolls back. A refused request changes nothing.
        String name = request.name() == null ? null : request.name().strip();
        StoredConfig activeConfig = request.activeConfigId() == null ? null : deploy.config(request.activeConfigId());
        Experiment activeExperiment = request.activeExperimentId() == null ? null
                : deploy.experimentOf(project, request.activeExperimentId());
        Environment defaultEnvironment = environments.defaultEnvironment();
        Transactions.useTransaction(jdbi, h -> {
            if (name != null) {
                projects.rename(project.id(), name);
            }
            if (request.directoryId() != null) {
                projects.moveTo(project.id(), request.directoryId());
            }
            if (request.positiveLabels() != null) {
                projects.setPositiveLabels(project.id(), Json.text(request.positiveLabels()));
            }
            if (activeConfig != null) {
                deploy.deployConfig(project, defaultEnvironment, activeConfig);
            }
            if (activeExperiment != null) {
                deploy.deployExperiment(project, defaultEnvironment, activeExperiment);
            }
        });
        JsonAnswers.send(res, 200, responses.of(projects.get(project.id())));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Project project = project(req, "id");
        // Its logs go with it: the experiment counts they are in change in the same transaction.
        Transactions.useTransaction(jdbi, h -> {
            experiments.store().forgetLogsOfProject(project.id());
            projects.delete(project.id());
        });
        configs.forgetProject(project.id());
        res.status(204).send();
    }

    private void listConfigs(ServerRequest req, ServerResponse res) {
        Project project = project(req, "id");
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
        Project project = project(req, "id");
        QueryParams query = new QueryParams(req);
        String environmentName = query.string("environment");
        query.done();
        Environment environment = environments.byNameOrDefault(environmentName);
        Deployment deployment = deployments.find(project.id(), environment.id())
                .orElseThrow(() -> ApiException.notFound("Project " + project.id() + " has nothing deployed to environment '"
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
        Project project = project(req, "id");
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
        Project project = project(req, "project_id");
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
        List<Environment> targets = request.environments() == null || request.environments().isEmpty()
                ? List.of(environments.defaultEnvironment())
                : LockOrder.of(request.environments().stream().map(EnvironmentRequest::id).toList()).stream()
                        .map(environments::get).toList();
        StoredConfig config = request.configId() == null ? null : deploy.config(request.configId());
        Experiment experiment = request.experimentId() == null ? null : deploy.experimentOf(project, request.experimentId());
        Transactions.useTransaction(jdbi, h -> {
            for (Environment environment : targets) {
                if (config != null) {
                    deploy.deployConfig(project, environment, config);
                } else {
                    deploy.deployExperiment(project, environment, experiment);
                }
            }
        });
        JsonAnswers.send(res, 200, responses.deployed(project));
    }

    private void removeDeployment(ServerRequest req, ServerResponse res) {
        Project project = project(req, "project_id");
        Environment environment = environments.get(req.path().pathParameters().get("environment_id"));
        deployments.remove(project.id(), environment.id());
        JsonAnswers.send(res, 200, responses.deployed(project));
    }

    private void createFeedbackType(ServerRequest req, ServerResponse res) {
        Project project = project(req, "id");
        FeedbackTypeRequest request = RequestBodies.read(req, FeedbackTypeRequest.class, RequestBodies.Extras.IGNORE,
                (body, problems) -> checkFeedbackType(body, List.of("body"), problems));
        FeedbackTypeModel created = Transactions.inTransaction(jdbi, h -> {
            FeedbackTypeModel upserted = feedbackTypes.upsert(project.id(), request);
            projects.touch(project.id());
            return upserted;
        });
        JsonAnswers.send(res, 201, created);
    }

    private void updateFeedbackTypes(ServerRequest req, ServerResponse res) {
        Project project = project(req, "id");
        FeedbackTypeRequest[] request = RequestBodies.read(req, FeedbackTypeRequest[].class, RequestBodies.Extras.IGNORE,
                (body, problems) -> checkFeedbackTypes(Arrays.asList(body), List.of("body"), problems));
        // A type listed twice takes its last definition; the types are written in one order.
        Map<String, FeedbackTypeRequest> byType = new TreeMap<>();
        for (FeedbackTypeRequest type : request) {
            byType.put(type.type(), type);
        }
        Transactions.useTransaction(jdbi, h -> {
            byType.values().forEach(type -> feedbackTypes.upsert(project.id(), type));
            projects.touch(project.id());
        });
        JsonAnswers.send(res, 200, feedbackTypes.of(project.id()));
    }

    private void createExperiment(ServerRequest req, ServerResponse res) {
        Project project = project(req, "project_id");
        CreateExperimentRequest request = RequestBodies.read(req, CreateExperimentRequest.class, RequestBodies.Extras.IGNORE,
                (body, problems) -> {
                    if (body.name() == null || body.name().isBlank()) {
                        problems.missing(body("name"));
                    }
                    LimitChecks.name(body.name(), body("name"), problems);
                    if (body.positiveLabels() == null) {
                        problems.missing(body("positive_labels"));
                    }
                    checkLabels(body.positiveLabels(), body("positive_labels"), problems);
                });
        // The configs are found before anything is written; the experiment, the configs joining
        // the project and the deployment are then written in one transaction, or not at all.
        List<String> configIds = request.configIds() == null ? List.of() : LockOrder.of(request.configIds());
        configIds.forEach(configs::get);
        Environment defaultEnvironment = environments.defaultEnvironment();
        Experiment experiment = Transactions.inTransaction(jdbi, h -> {
            configIds.forEach(configId -> configs.link(project.id(), configId));
            Experiment created = experiments.store().create(project.id(), request.name().strip(), request.positiveLabels(),
                    configIds);
            if (Boolean.TRUE.equals(request.setActive())) {
                deploy.deployExperiment(project, defaultEnvironment, created);
            }
            return created;
        });
        JsonAnswers.send(res, 200, experiments.response(experiment));
    }

    private void export(ServerRequest req, ServerResponse res) {
        Project project = project(req, "id");
        QueryParams query = new QueryParams(req);
        int page = query.integer("page", 0, 0, Integer.MAX_VALUE);
        int size = query.integer("size", 10, 1, 1000);
        query.done();
        new LogListing(logs, logResponses).send(res, project.id(), null, null, null, page, size);
    }

    private static void checkLabels(List<PositiveLabel> labels, List<Object> loc, RequestBodies.Problems problems) {
        if (labels == null) {
            return;
        }
        for (int i = 0; i < labels.size(); i++) {
            PositiveLabel label = labels.get(i);
            if (label == null || label.type() == null) {
                problems.missing(at(loc, i, "type"));
            }
            if (label == null || label.value() == null) {
                problems.missing(at(loc, i, "value"));
            }
        }
    }

    private static void checkFeedbackTypes(List<FeedbackTypeRequest> types, List<Object> loc, RequestBodies.Problems problems) {
        if (types == null) {
            return;
        }
        for (int i = 0; i < types.size(); i++) {
            checkFeedbackType(types.get(i), at(loc, i), problems);
        }
    }

    private static void checkFeedbackType(FeedbackTypeRequest type, List<Object> loc, RequestBodies.Problems problems) {
        if (type == null || type.type() == null || type.type().isBlank()) {
            problems.missing(at(loc, "type"));
            return;
        }
        LimitChecks.name(type.type(), at(loc, "type"), problems);
        if (type.values() != null) {
            for (int i = 0; i < type.values().size(); i++) {
                if (type.values().get(i) == null || type.values().get(i).value() == null) {
                    problems.missing(at(loc, "values", i, "value"));
                }
            }
        }
    }

    private static List<Object> at(List<Object> loc, Object... more) {
        List<Object> result = new ArrayList<>(loc);
        result.addAll(List.of(more));
        return result;
    }
}
