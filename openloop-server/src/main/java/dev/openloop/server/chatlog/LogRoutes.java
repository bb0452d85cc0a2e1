package dev.openloop.server.chatlog;

import dev.openloop.api.common.PaginatedData;
import dev.openloop.api.feedback.FeedbackRequest;
import dev.openloop.api.log.CreateLogResponse;
import dev.openloop.api.log.LogRequest;
import dev.openloop.api.log.UpdateLogRequest;
import dev.openloop.server.environment.EnvironmentStore;
import dev.openloop.server.experiment.ExperimentStore;
import dev.openloop.server.feedback.FeedbackStore;
import dev.openloop.server.http.ApiException;
import dev.openloop.server.http.Json;
import dev.openloop.server.http.QueryParams;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.modelconfig.ConfigChecks;
import dev.openloop.server.modelconfig.ModelConfigStore;
import dev.openloop.server.modelconfig.StoredConfig;
import dev.openloop.server.project.Project;
import dev.openloop.server.project.ProjectStore;
import dev.openloop.server.session.Session;
import dev.openloop.server.store.Ids;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/** {@code /v4/logs}: make logs of generations run elsewhere, list, read, correct and delete logs (spec §10.6). */
public final class LogRoutes implements HttpService {
    private final Jdbi jdbi;
    private final LogStore logs;
    private final LogWriter writer;
    private final LogResponses responses;
    private final LogPlacement placement;
    private final ProjectStore projects;
    private final ModelConfigStore configs;
    private final ExperimentStore experiments;
    private final EnvironmentStore environments;
    private final FeedbackStore feedback;

    public LogRoutes(Jdbi jdbi, LogStore logs, LogWriter writer, LogResponses responses, LogPlacement placement,
            ProjectStore projects, ModelConfigStore configs, ExperimentStore experiments, EnvironmentStore environments,
            FeedbackStore feedback) {
        this.jdbi = jdbi;
        this.logs = logs;
        this.writer = writer;
        this.responses = responses;
        this.placement = placement;
        this.projects = projects;
        this.configs = configs;
        this.experiments = experiments;
        this.environments = environments;
        this.feedback = feedback;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/logs", this::create)
                .get("/logs", this::list)
                .get("/logs/{id}", (req, res) -> Json.send(res, 200, responses.of(logs.get(req.path().pathParameters().get("id")))))
                .patch("/logs/{id}", (req, res) -> update(req, res, req.path().pathParameters().get("id")))
                .patch("/logs", (req, res) -> {
                    QueryParams query = new QueryParams(req);
                    String referenceId = query.required("reference_id");
                    query.done();
                    String id = logs.findIdByReference(referenceId)
                            .orElseThrow(() -> ApiException.notFound("No log has reference_id " + referenceId));
                    update(req, res, id);
                })
                .delete("/logs", (req, res) -> {
                    QueryParams query = new QueryParams(req);
                    List<String> ids = query.all("id");
                    query.done();
                    logs.delete(ids);
                    res.status(204).send();
                });
    }

    private void create(ServerRequest req, ServerResponse res) {
        RequestBodies.OneOrMany<LogRequest> body = RequestBodies.readOneOrMany(req, LogRequest.class,
                RequestBodies.Extras.IGNORE, LogRoutes::check);
        Set<String> referenceIds = new HashSet<>();
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < body.items().size(); i++) {
            LogRequest request = body.items().get(i);
            List<Object> loc = body.array() ? List.of("body", i) : List.of("body");
            if (request.referenceId() != null
                    && (!referenceIds.add(request.referenceId()) || logs.findIdByReference(request.referenceId()).isPresent())) {
                throw ApiException.conflict("A log with reference_id " + request.referenceId() + " exists");
            }
            records.add(record(request, loc));
        }
        LogWriter.await(writer.insert(records));
        List<CreateLogResponse> created = new ArrayList<>();
        jdbi.useTransaction(h -> {
            for (int i = 0; i < records.size(); i++) {
                LogRecord record = records.get(i);
                List<FeedbackRequest> given = body.items().get(i).feedback();
                if (given != null) {
                    for (FeedbackRequest one : given) {
                        feedback.give(h, one, record.id());
                    }
                }
                created.add(new CreateLogResponse(record.id(), record.projectId(), record.sessionId()));
            }
        });
        Json.send(res, 200, body.array() ? created : created.getFirst());
    }

    private LogRecord record(LogRequest request, List<Object> loc) {
        Project project = placement.project(request.projectId(), request.project(), loc);
        Session session = placement.session(request.sessionId(), request.sessionReferenceId());
        String parentId = placement.parent(request.parentId(), request.parentReferenceId());
        String configId;
        String experimentId = null;
        String trialId = request.trialId();
        String environmentId = request.environment() == null ? null : environments.byNameOrDefault(request.environment()).id();
        if (request.trialId() != null) {
            ExperimentStore.Trial trial = experiments.findTrial(request.trialId())
                    .orElseThrow(() -> ApiException.notFound("Trial " + request.trialId() + " not found"));
            configId = trial.configId();
            experimentId = trial.experimentId();
            environmentId = environmentId != null ? environmentId : trial.environmentId();
        } else if (request.configId() != null) {
            configId = configs.get(request.configId()).id();
        } else {
            StoredConfig stored = configs.register(request.config());
            configId = stored.id();
        }
        configs.link(project.id(), configId);
        boolean save = request.save() == null || request.save();
        long createdAt = request.createdAt() == null ? System.currentTimeMillis() : request.createdAt().toEpochMilli();
        String output = request.output() != null ? request.output()
                : request.outputMessage() != null ? request.outputMessage().text() : null;
        return new LogRecord(
                Ids.next("data_"),
                project.id(),
                session == null ? null : session.id(),
                parentId,
                request.referenceId(),
                configId,
                experimentId,
                trialId,
                environmentId,
                LogStatus.COMPLETE,
                null,
                request.source(),
                null,
                Json.text(request.metadata()),
                save ? Json.text(request.inputs() == null ? Map.of() : request.inputs()) : null,
                save ? Json.text(request.messages()) : null,
                save && output != null ? output.strip() : null,
                save ? output : null,
                save ? Json.text(request.outputMessage()) : null,
                null,
                null,
                request.promptTokens(),
                request.outputTokens(),
                null,
                request.duration(),
                request.error(),
                save ? Json.text(request.providerRequest()) : null,
                save ? Json.text(request.providerResponse()) : null,
                request.sourceDatapointId(),
                save,
                createdAt,
                System.currentTimeMillis());
    }

    private static void check(LogRequest request, List<Object> loc, RequestBodies.Problems problems) {
        if (request.projectId() == null && request.project() == null) {
            problems.add(at(loc, "project"), "field required: give project or project_id", "value_error.missing");
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
        projects.get(projectId);
        Long from = startDate == null ? null : startDate.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        // The end date is inclusive: everything before the next day.
        Long before = endDate == null ? null : endDate.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        String term = search == null || search.isBlank() ? null : search;
        Json.send(res, 200, new PaginatedData<>(responses.of(logs.list(projectId, term, from, before, page, size)), page, size,
                logs.count(projectId, term, from, before)));
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
        Json.send(res, 200, responses.of(logs.get(id)));
    }

    private static List<Object> at(List<Object> loc, Object... more) {
        List<Object> result = new ArrayList<>(loc);
        result.addAll(List.of(more));
        return result;
    }
}
