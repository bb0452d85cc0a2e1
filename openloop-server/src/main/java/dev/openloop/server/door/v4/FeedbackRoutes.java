package dev.openloop.server.door.v4;

import dev.openloop.server.apikey.Caller;
import dev.openloop.server.apikey.KeyScope;
import dev.openloop.api.feedback.FeedbackRequest;
import dev.openloop.api.feedback.FeedbackResponse;
import dev.openloop.server.feedback.FeedbackStore;
import dev.openloop.server.http.LimitChecks;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.web.JsonAnswers;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.util.ArrayList;
import java.util.List;

/** {@code POST /v4/feedback}: one piece of feedback or a list, answered in the same shape. */
public final class FeedbackRoutes implements HttpService {
    private final FeedbackStore feedback;

    private final ScopeChecks scopes;

    public FeedbackRoutes(FeedbackStore feedback, ScopeChecks scopes) {
        this.scopes = scopes;
        this.feedback = feedback;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/feedback", (req, res) -> {
            RequestBodies.OneOrMany<FeedbackRequest> body = RequestBodies.readOneOrMany(req, FeedbackRequest.class,
                    RequestBodies.Extras.IGNORE, FeedbackRoutes::check);
            // Every log named must be one the key reaches, before any feedback is stored.
            KeyScope scope = Caller.of(req).scope();
            body.items().forEach(item -> scopes.log(scope, item.dataId()));
            // All or nothing: a list naming an unknown log stores none of its feedback.
            List<FeedbackResponse> stored = feedback.give(body.items());
            JsonAnswers.send(res, 200, body.array() ? stored : stored.getFirst());
        });
    }

    /** What every piece of feedback needs, at {@code loc}. */
    static void check(FeedbackRequest request, List<Object> loc, RequestBodies.Problems problems) {
        if (request.type() == null || request.type().isBlank()) {
            problems.missing(at(loc, "type"));
        }
        LimitChecks.name(request.type(), at(loc, "type"), problems);
        if (request.dataId() == null) {
            problems.missing(at(loc, "data_id"));
        }
        if (request.value() == null && !Boolean.TRUE.equals(request.unset())) {
            problems.add(at(loc, "value"), "field required unless unset is true", "value_error.missing");
        }
    }

    private static List<Object> at(List<Object> loc, String field) {
        List<Object> result = new ArrayList<>(loc);
        result.add(field);
        return result;
    }
}
