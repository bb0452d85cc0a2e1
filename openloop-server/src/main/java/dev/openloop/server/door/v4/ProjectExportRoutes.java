package dev.openloop.server.door.v4;



import dev.openloop.server.chatlog.LogStore;
import dev.openloop.server.http.QueryParams;
import dev.openloop.server.project.Project;
import dev.openloop.server.project.ProjectStore;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The export of a project's logs: {@code POST /v4/projects/{id}/export}, a page at a time. */
public final class ProjectExportRoutes implements HttpService {
    private final ProjectStore projects;
    private final LogStore logs;
    private final LogResponses logResponses;

    public ProjectExportRoutes(ProjectStore projects, LogStore logs, LogResponses logResponses) {
        this.projects = projects;
        this.logs = logs;
        this.logResponses = logResponses;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/projects/{id}/export", this::export);
    }

    private void export(ServerRequest req, ServerResponse res) {
        Project project = ProjectRequests.project(projects, req, "id");
        QueryParams query = new QueryParams(req);
        int page = query.integer("page", 0, 0, Integer.MAX_VALUE);
        int size = query.integer("size", 10, 1, 1000);
        query.done();
        new LogListing(logs, logResponses).send(res, project.id(), null, null, null, page, size);
    }
}
