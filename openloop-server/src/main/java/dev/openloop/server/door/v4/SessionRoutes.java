package dev.openloop.server.door.v4;

import dev.openloop.server.apikey.Caller;
import dev.openloop.api.common.PaginatedData;
import dev.openloop.api.session.CreateSessionResponse;
import dev.openloop.api.session.SessionResponse;
import dev.openloop.server.chatlog.LogPreviews;
import dev.openloop.server.http.QueryParams;
import dev.openloop.server.project.ProjectStore;
import dev.openloop.server.session.SessionResponses;
import dev.openloop.server.session.SessionStore;
import dev.openloop.server.web.JsonAnswers;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.util.List;

/** {@code /v4/sessions}: create, get, and list a project's sessions. */
public final class SessionRoutes implements HttpService {
    private final SessionStore sessions;
    private final SessionResponses responses;
    private final ProjectStore projects;

    private final ScopeChecks scopes;

    public SessionRoutes(SessionStore sessions, SessionResponses responses, ProjectStore projects, ScopeChecks scopes) {
        this.scopes = scopes;
        this.sessions = sessions;
        this.responses = responses;
        this.projects = projects;
    }

    private static SessionResponse preview(SessionResponse whole) {
        return new SessionResponse(whole.id(), whole.referenceId(), whole.projects(), whole.datapointsCount(),
                LogPreviews.of(whole.firstInputs()), LogPreviews.preview(whole.lastOutput()), whole.createdAt(),
                whole.updatedAt());
    }

    @Override
    public void routing(HttpRules rules) {
        // v4 SDKs send no body, or an empty form: whatever comes is not read.
        rules.post("/sessions", (req, res) -> JsonAnswers.send(res, 201, new CreateSessionResponse(sessions.create().id())));
        rules.get("/sessions/{id}", (req, res) ->
                JsonAnswers.send(res, 200, responses.of(sessions.get(req.path().pathParameters().get("id")))));
        rules.get("/sessions", (req, res) -> {
            QueryParams query = new QueryParams(req);
            String projectId = query.required("project_id");
            int page = query.integer("page", 1, 1, Integer.MAX_VALUE);
            int size = query.integer("size", 10, 1, 1000);
            query.done();
            scopes.project(Caller.of(req).scope(), projectId);
            projects.get(projectId);
            // A list: the first inputs and last output of each session as previews, as lists of logs show them.
            List<SessionResponse> records = sessions.listForProject(projectId, page, size).stream()
                    .map(session -> preview(responses.of(session)))
                    .toList();
            JsonAnswers.send(res, 200, new PaginatedData<>(records, page, size, sessions.countForProject(projectId)));
        });
    }
}
