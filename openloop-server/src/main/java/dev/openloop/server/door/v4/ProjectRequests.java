package dev.openloop.server.door.v4;

import dev.openloop.api.project.FeedbackTypeRequest;
import dev.openloop.api.project.PositiveLabel;
import dev.openloop.server.http.LimitChecks;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.project.Project;
import dev.openloop.server.project.ProjectStore;
import io.helidon.webserver.http.ServerRequest;
import java.util.ArrayList;
import java.util.List;

/** What the project routes share: the project a path names, and the checks of labels and feedback types. */
final class ProjectRequests {
    private ProjectRequests() {
    }

    /** The project the path parameter {@code parameter} names; 404 when there is none. */
    static Project project(ProjectStore projects, ServerRequest req, String parameter) {
        return projects.get(req.path().pathParameters().get(parameter));
    }

    static void checkLabels(List<PositiveLabel> labels, List<Object> loc, RequestBodies.Problems problems) {
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

    static void checkFeedbackTypes(List<FeedbackTypeRequest> types, List<Object> loc, RequestBodies.Problems problems) {
        if (types == null) {
            return;
        }
        for (int i = 0; i < types.size(); i++) {
            checkFeedbackType(types.get(i), at(loc, i), problems);
        }
    }

    static void checkFeedbackType(FeedbackTypeRequest type, List<Object> loc, RequestBodies.Problems problems) {
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
