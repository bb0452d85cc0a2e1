package dev.openloop.server.door.v4;

import dev.openloop.server.apikey.Caller;
import static dev.openloop.server.http.RequestBodies.body;

import dev.openloop.api.common.PaginatedData;
import dev.openloop.api.project.CreateProjectRequest;
import dev.openloop.api.project.ProjectResponse;
import dev.openloop.api.project.UpdateProjectRequest;
import dev.openloop.server.http.LimitChecks;
import dev.openloop.server.http.QueryParams;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.project.Project;
import dev.openloop.server.project.ProjectResponses;
import dev.openloop.server.project.ProjectService;
import dev.openloop.server.project.ProjectStore;
import dev.openloop.server.web.JsonAnswers;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Set;

/**
 * {@code /v4/projects}: listing, creating, reading, changing and deleting projects (spec §10.1).
 * What lives under a project has routes of its own: {@link ProjectConfigRoutes},
 * {@link FeedbackTypeRoutes}, {@link ProjectExperimentRoutes}, {@link ProjectExportRoutes}. The
 * writes are {@link ProjectService}'s, each in one transaction.
 */
public final class ProjectRoutes implements HttpService {
    private final ProjectStore projects;
    private final ProjectService service;
    private final ProjectResponses responses;

    public ProjectRoutes(ProjectStore projects, ProjectService service, ProjectResponses responses) {
        this.projects = projects;
        this.service = service;
        this.responses = responses;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/projects", this::list)
                .post("/projects", this::create)
                .get("/projects/{id}", (req, res) -> JsonAnswers.send(res, 200,
                        responses.of(ProjectRequests.project(projects, req, "id"))))
                .patch("/projects/{id}", this::update)
                .delete("/projects/{id}", this::delete);
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
        // A key limited to projects lists those alone, and counts no other.
        Set<String> among = Caller.of(req).scope().projectIds();
        List<ProjectResponse> records = projects.list(among, filter, sortBy, order.equals("asc"), page, size).stream()
                .map(responses::of).toList();
        JsonAnswers.send(res, 200, new PaginatedData<>(records, page, size, projects.count(among, filter)));
    }

    private void create(ServerRequest req, ServerResponse res) {
        CreateProjectRequest request = RequestBodies.read(req, CreateProjectRequest.class, RequestBodies.Extras.IGNORE,
                (body, problems) -> {
                    if (body.name() == null || body.name().isBlank()) {
                        problems.missing(body("name"));
                    }
                    LimitChecks.name(body.name(), body("name"), problems);
                    ProjectRequests.checkFeedbackTypes(body.feedbackTypes(), body("feedback_types"), problems);
                });
        Project project = service.create(request.name().strip(), request.directoryId(), request.feedbackTypes());
        JsonAnswers.send(res, 201, responses.of(project));
    }

    private void update(ServerRequest req, ServerResponse res) {
        Project project = ProjectRequests.project(projects, req, "id");
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
                    ProjectRequests.checkLabels(body.positiveLabels(), body("positive_labels"), problems);
                });
        // Everything the request names is found before anything is written, then written in one
        // transaction, which a taken name (409) rolls back. A refused request changes nothing.
        service.update(project, request);
        JsonAnswers.send(res, 200, responses.of(projects.get(project.id())));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Project project = ProjectRequests.project(projects, req, "id");
        // Its logs go with it, and the experiment counts they are in.
        service.delete(project);
        res.status(204).send();
    }
}
