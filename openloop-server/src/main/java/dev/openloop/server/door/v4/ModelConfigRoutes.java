package dev.openloop.server.door.v4;

import dev.openloop.server.apikey.Caller;
import static dev.openloop.server.http.RequestBodies.body;

import dev.openloop.api.config.ProjectModelConfigRequest;
import dev.openloop.server.experiment.Experiment;
import dev.openloop.server.experiment.ExperimentStore;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.http.LimitChecks;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.modelconfig.ConfigChecks;
import dev.openloop.server.modelconfig.ConfigIdentity;
import dev.openloop.server.modelconfig.ModelConfigResponses;
import dev.openloop.server.modelconfig.ModelConfigStore;
import dev.openloop.server.modelconfig.ProjectConfig;
import dev.openloop.server.modelconfig.ProjectConfigs;
import dev.openloop.server.project.Project;
import dev.openloop.server.project.ProjectService;
import dev.openloop.server.project.ProjectStore;
import dev.openloop.server.web.JsonAnswers;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Optional;


/**
 * {@code /v4/model-configs}: register a config with a project, and read a stored one.
 * Registering identical parameters again answers with the same id, and the version keeps the
 * name it was first registered with: a name is a label, not a parameter (see {@link ConfigIdentity}).
 */
public final class ModelConfigRoutes implements HttpService {
    private final ModelConfigStore configs;
    private final ProjectConfigs projectConfigs;
    private final ProjectStore projects;
    private final ExperimentStore experiments;
    private final ProjectService service;

    private final ScopeChecks scopes;

    public ModelConfigRoutes(ModelConfigStore configs, ProjectConfigs projectConfigs, ProjectStore projects,
            ExperimentStore experiments, ProjectService service, ScopeChecks scopes) {
        this.scopes = scopes;
        this.configs = configs;
        this.projectConfigs = projectConfigs;
        this.projects = projects;
        this.experiments = experiments;
        this.service = service;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/model-configs", this::register)
                .get("/model-configs/{id}", (req, res) -> JsonAnswers.send(res, 200,
                        ModelConfigResponses.of(configs.get(req.path().pathParameters().get("id")), configs)));
    }

    private void register(ServerRequest req, ServerResponse res) {
        // A strict schema in v4; the keys SDKs add to every body are still let through.
        ProjectModelConfigRequest request = RequestBodies.read(req, ProjectModelConfigRequest.class,
                RequestBodies.Extras.REFUSE_EXCEPT_SDK_COPIES, ModelConfigRoutes::check);
        scopes.namedProject(Caller.of(req).scope(), request.projectId(), request.project());
        // What the request names is found before anything is written, so a refused request (an
        // unknown experiment, say) creates no project; the writes then share one transaction.
        Project named = request.projectId() != null
                ? projects.get(request.projectId())
                : projects.findByName(request.project().strip()).orElse(null);
        Experiment experiment = request.experiment() == null ? null : experimentNamed(named, request);
        ProjectService.RegisteredConfig registered = service.registerConfig(named, request.project() == null ? null
                : request.project().strip(), request.config(), experiment);
        ProjectConfig used = projectConfigs.find(registered.project().id(), registered.config().id()).orElseThrow();
        JsonAnswers.send(res, 200, projectConfigs.response(used, experiment == null ? null : experiment.id(), null, null));
    }

    /** The experiment the request names; 404 when the project (possibly yet to be created) has none of that name. */
    private Experiment experimentNamed(Project project, ProjectModelConfigRequest request) {
        Optional<Experiment> found = project == null ? Optional.empty() : experiments.findByName(project.id(), request.experiment());
        return found.orElseThrow(() -> Refusal.notFound("Project "
                + (project != null ? project.id() : "'" + request.project().strip() + "'")
                + " has no experiment named '" + request.experiment() + "'"));
    }

    private static void check(ProjectModelConfigRequest request, RequestBodies.Problems problems) {
        ConfigChecks.checkConfig(request.config(), List.of("body"), problems);
        if (request.projectId() == null && (request.project() == null || request.project().isBlank())) {
            problems.add(body("project"), "field required: give project or project_id", "value_error.missing");
        }
        LimitChecks.name(request.project(), body("project"), problems);
    }
}
