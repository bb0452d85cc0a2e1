package dev.openloop.server.door.v4;

import static dev.openloop.server.http.RequestBodies.body;

import dev.openloop.api.experiment.CreateExperimentRequest;
import dev.openloop.server.experiment.Experiment;
import dev.openloop.server.experiment.Experiments;
import dev.openloop.server.http.LimitChecks;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.project.Project;
import dev.openloop.server.project.ProjectService;
import dev.openloop.server.project.ProjectStore;
import dev.openloop.server.web.JsonAnswers;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** A project's experiments: {@code /v4/projects/{project_id}/experiments} (spec §10.4). */
public final class ProjectExperimentRoutes implements HttpService {
    private final ProjectStore projects;
    private final ProjectService service;
    private final Experiments experiments;

    public ProjectExperimentRoutes(ProjectStore projects, ProjectService service, Experiments experiments) {
        this.projects = projects;
        this.service = service;
        this.experiments = experiments;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/projects/{project_id}/experiments", (req, res) -> JsonAnswers.send(res, 200,
                        experiments.store().list(ProjectRequests.project(projects, req, "project_id").id()).stream()
                                .map(experiments::response).toList()))
                .post("/projects/{project_id}/experiments", this::createExperiment);
    }

    private void createExperiment(ServerRequest req, ServerResponse res) {
        Project project = ProjectRequests.project(projects, req, "project_id");
        CreateExperimentRequest request = RequestBodies.read(req, CreateExperimentRequest.class, RequestBodies.Extras.IGNORE,
                (body, problems) -> {
                    if (body.name() == null || body.name().isBlank()) {
                        problems.missing(body("name"));
                    }
                    LimitChecks.name(body.name(), body("name"), problems);
                    if (body.positiveLabels() == null) {
                        problems.missing(body("positive_labels"));
                    }
                    ProjectRequests.checkLabels(body.positiveLabels(), body("positive_labels"), problems);
                });
        Experiment experiment = service.createExperiment(project, request);
        JsonAnswers.send(res, 200, experiments.response(experiment));
    }
}
