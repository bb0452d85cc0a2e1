package dev.openloop.server.door.v4;

import dev.openloop.api.project.FeedbackTypeModel;
import dev.openloop.api.project.FeedbackTypeRequest;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.project.FeedbackTypes;
import dev.openloop.server.project.Project;
import dev.openloop.server.project.ProjectService;
import dev.openloop.server.project.ProjectStore;
import dev.openloop.server.web.JsonAnswers;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A project's feedback types: {@code /v4/projects/{id}/feedback-types} (spec §10.1). */
public final class FeedbackTypeRoutes implements HttpService {
    private final ProjectStore projects;
    private final ProjectService service;
    private final FeedbackTypes feedbackTypes;

    public FeedbackTypeRoutes(ProjectStore projects, ProjectService service, FeedbackTypes feedbackTypes) {
        this.projects = projects;
        this.service = service;
        this.feedbackTypes = feedbackTypes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/projects/{id}/feedback-types", this::createFeedbackType)
                .patch("/projects/{id}/feedback-types", this::updateFeedbackTypes);
    }

    private void createFeedbackType(ServerRequest req, ServerResponse res) {
        Project project = ProjectRequests.project(projects, req, "id");
        FeedbackTypeRequest request = RequestBodies.read(req, FeedbackTypeRequest.class, RequestBodies.Extras.IGNORE,
                (body, problems) -> ProjectRequests.checkFeedbackType(body, List.of("body"), problems));
        FeedbackTypeModel created = service.putFeedbackType(project, request);
        JsonAnswers.send(res, 201, created);
    }

    private void updateFeedbackTypes(ServerRequest req, ServerResponse res) {
        Project project = ProjectRequests.project(projects, req, "id");
        FeedbackTypeRequest[] request = RequestBodies.read(req, FeedbackTypeRequest[].class, RequestBodies.Extras.IGNORE,
                (body, problems) -> ProjectRequests.checkFeedbackTypes(Arrays.asList(body), List.of("body"), problems));
        // A type listed twice takes its last definition; the types are written in one order.
        Map<String, FeedbackTypeRequest> byType = new TreeMap<>();
        for (FeedbackTypeRequest type : request) {
            byType.put(type.type(), type);
        }
        service.putFeedbackTypes(project, byType.values());
        JsonAnswers.send(res, 200, feedbackTypes.of(project.id()));
    }
}
