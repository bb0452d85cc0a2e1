package dev.openloop.server.door.v4;

import dev.openloop.server.apikey.Caller;
import dev.openloop.server.apikey.KeyScope;
import dev.openloop.api.feedback.FeedbackRequest;
import dev.openloop.api.log.CreateLogResponse;
import dev.openloop.api.log.LogRequest;
import dev.openloop.api.log.UpdateLogRequest;
import dev.openloop.server.chat.LogPlacement;
import dev.openloop.server.chatlog.LogRecord;
import dev.openloop.server.chatlog.LogStore;
import dev.openloop.server.chatlog.LogWriter;
import dev.openloop.server.environment.EnvironmentStore;
import dev.openloop.server.experiment.ExperimentStore;
import dev.openloop.server.experiment.LogDeletion;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.feedback.FeedbackStore;
import dev.openloop.server.http.LimitChecks;
import dev.openloop.server.http.QueryParams;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.modelconfig.ConfigChecks;
import dev.openloop.server.modelconfig.ModelConfigStore;
import dev.openloop.server.project.ProjectStore;
import dev.openloop.server.web.InputLimits;
import dev.openloop.server.web.JsonAnswers;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code /v4/logs}: make logs of generations run elsewhere, list, read, correct and delete logs (spec §10.6). */
public final class LogRoutes implements HttpService {
    private final LogDeletion deletion;
    private final LogStore logs;
    private final LogWriter writer;
    private final LogResponses responses;
    private final ProjectStore projects;
    private final FeedbackStore feedback;
    private final NewLogs newLogs;
    private final LogListing listing;

    private final ScopeChecks scopes;

    public LogRoutes(LogDeletion deletion, LogStore logs, LogWriter writer, LogResponses responses, LogPlacement placement,
            ProjectStore projects, ModelConfigStore configs, ExperimentStore experiments, EnvironmentStore environments,
            FeedbackStore feedback, ScopeChecks scopes) {
        this.scopes = scopes;
        this.deletion = deletion;
        this.logs = logs;
        this.writer = writer;
        this.responses = responses;
        this.projects = projects;
        this.feedback = feedback;
        this.newLogs = new NewLogs(placement, projects, configs, experiments, environments);
        this.listing = new LogListing(logs, responses);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/logs", this::create)
                .get("/logs", this::list)
                .get("/logs/{id}", (req, res) -> JsonAnswers.stream(res, 200, responses.of(logs.get(req.path().pathParameters().get("id")))))
                .patch("/logs/{id}", (req, res) -> update(req, res, req.path().pathParameters().get("id")))
                .patch("/logs", (req, res) -> {
                    QueryParams query = new QueryParams(req);
                    String referenceId = query.required("reference_id");
                    query.done();
                    String id = logs.findIdByReference(referenceId)
                            .filter(found -> reaches(req, found))
                            .orElseThrow(() -> Refusal.notFound("No log has reference_id " + referenceId));
                    update(req, res, id);
                })
                .delete("/logs", (req, res) -> {
                    QueryParams query = new QueryParams(req);
                    List<String> ids = query.all("id");
                    query.done();
                    KeyScope scope = Caller.of(req).scope();
                    ids.forEach(id -> scopes.log(scope, id));
                    // The logs and the experiment counts they are in change together.
                    deletion.delete(ids);
                    res.status(204).send();
                });
    }

    private void create(ServerRequest req, ServerResponse res) {
        RequestBodies.OneOrMany<LogRequest> body = RequestBodies.readOneOrMany(req, LogRequest.class,
                RequestBodies.Extras.IGNORE, LogRoutes::check);
        List<LogRequest> items = body.items();
        KeyScope scope = Caller.of(req).scope();
        items.forEach(item -> scopes.namedProject(scope, item.projectId(), item.project()));
        refuseTakenReferenceIds(items);
        List<NewLogs.Resolved> resolved = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            resolved.add(newLogs.resolve(items.get(i), body.array() ? List.of(i) : List.of(), scope));
        }
        List<LogRecord> records = newLogs.rows(resolved);
        store(records);
        giveFeedback(items, records);
        List<CreateLogResponse> created = records.stream()
                .map(record -> new CreateLogResponse(record.id(), record.projectId(), record.sessionId()))
                .toList();
        JsonAnswers.send(res, 200, body.array() ? created : created.getFirst());
    }

    /** Gives each new log the feedback its item carried (whatever {@code data_id} that named). */
    private void giveFeedback(List<LogRequest> items, List<LogRecord> records) {
        List<FeedbackRequest> given = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            String logId = records.get(i).id();
            List<FeedbackRequest> carried = items.get(i).feedback();
            for (FeedbackRequest one : carried == null ? List.<FeedbackRequest>of() : carried) {
                given.add(new FeedbackRequest(one.type(), one.value(), logId, one.user(), one.createdAt(), one.unset()));
            }
        }
        if (!given.isEmpty()) {
            feedback.give(given);
        }
    }

    /** 409 when an item's reference_id is another item's, or a stored log's. */
    private void refuseTakenReferenceIds(List<LogRequest> items) {
        Set<String> referenceIds = new HashSet<>();
        for (LogRequest request : items) {
            if (request.referenceId() != null
                    && (!referenceIds.add(request.referenceId()) || logs.findIdByReference(request.referenceId()).isPresent())) {
                throw referenceIdTaken(request.referenceId());
            }
        }
    }

    /**
     * Stores a request's rows as one unit: all of them, or, if any cannot be, none. The check
     * before ({@link #refuseTakenReferenceIds}) answers the common clash; the unique reference_id
     * catches a request racing another with the same one, which is a 409 just the same.
     */
    private void store(List<LogRecord> records) {
        try {
            LogWriter.await(writer.insertAllOrNone(records));
        } catch (Refusal e) {
            if (e.kind() != Refusal.Kind.CONFLICT) {
                throw e;
            }
            for (LogRecord record : records) {
                if (record.referenceId() != null && logs.findIdByReference(record.referenceId()).isPresent()) {
                    throw referenceIdTaken(record.referenceId());
                }
            }
            throw e;
        }
    }

    private static Refusal referenceIdTaken(String referenceId) {
        return Refusal.conflict("A log with reference_id " + referenceId + " exists");
    }

    private static void check(LogRequest request, List<Object> loc, RequestBodies.Problems problems) {
        ConfigChecks.checkMetadataAndInputs(request.metadata(), request.inputs(), loc, problems);
        LimitChecks.name(request.project(), at(loc, "project"), problems);
        LimitChecks.name(request.sessionReferenceId(), at(loc, "session_reference_id"), problems);
        LimitChecks.name(request.referenceId(), at(loc, "reference_id"), problems);
        if (request.projectId() == null && request.project() == null && request.trialId() == null) {
            problems.add(at(loc, "project"), "field required: give project or project_id (or a trial_id, whose project it is)",
                    "value_error.missing");
        }
        if (request.duration() != null && request.duration() < 0) {
            problems.add(at(loc, "duration"), "ensure this value is greater than or equal to 0", "value_error.number.not_ge");
        }
        if (request.config() == null && request.configId() == null && request.trialId() == null) {
            problems.add(at(loc, "config"), "field required: give config, config_id or trial_id", "value_error.missing");
        }
        if (request.config() != null) {
            ConfigChecks.checkConfig(request.config(), at(loc, "config"), problems);
        }
        if (request.messages() != null) {
            ConfigChecks.checkMessages(request.messages(), at(loc, "messages"), problems);
        }
        if (request.feedback() != null) {
            for (int i = 0; i < request.feedback().size(); i++) {
                FeedbackRequest given = request.feedback().get(i);
                if (given == null || given.type() == null) {
                    problems.missing(at(loc, "feedback", i, "type"));
                } else if (given.type().length() > InputLimits.MAX_NAME_LENGTH) {
                    LimitChecks.name(given.type(), at(loc, "feedback", i, "type"), problems);
                } else if (given.value() == null && !Boolean.TRUE.equals(given.unset())) {
                    problems.missing(at(loc, "feedback", i, "value"));
                }
            }
        }
    }

    private void list(ServerRequest req, ServerResponse res) {
        QueryParams query = new QueryParams(req);
        String projectId = query.required("project_id");
        String search = query.string("search");
        query.string("metadata_search"); // accepted; see docs/api.md
        query.oneOf("version_status", null, Set.of("uncommitted", "committed", "deleted"));
        LocalDate startDate = query.date("start_date");
        LocalDate endDate = query.date("end_date");
        int page = query.integer("page", 0, 0, Integer.MAX_VALUE);
        int size = query.integer("size", 50, 1, 1000);
        query.done();
        scopes.project(Caller.of(req).scope(), projectId);
        projects.get(projectId);
        Long from = startDate == null ? null : startDate.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        // The end date is inclusive: everything before the next day.
        Long before = endDate == null ? null : endDate.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        String term = search == null || search.isBlank() ? null : search;
        listing.send(res, projectId, term, from, before, page, size);
    }

    /** Whether the caller reaches the log of id {@code id}: one out of reach is no log at all to it. */
    private boolean reaches(ServerRequest req, String id) {
        try {
            scopes.log(Caller.of(req).scope(), id);
            return true;
        } catch (Refusal notReached) {
            return false;
        }
    }

    private void update(ServerRequest req, ServerResponse res, String id) {
        UpdateLogRequest request = RequestBodies.read(req, UpdateLogRequest.class, RequestBodies.Extras.IGNORE,
                (body, problems) -> {
                    if (body.duration() != null && body.duration() < 0) {
                        problems.add(List.of("body", "duration"), "ensure this value is greater than or equal to 0",
                                "value_error.number.not_ge");
                    }
                });
        logs.update(id, request.output(), request.error(), request.duration());
        JsonAnswers.stream(res, 200, responses.of(logs.get(id)));
    }

    private static List<Object> at(List<Object> loc, Object... more) {
        List<Object> result = new ArrayList<>(loc);
        result.addAll(List.of(more));
        return result;
    }
}
