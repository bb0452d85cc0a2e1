package dev.openloop.server.door.v4;

import dev.openloop.server.apikey.KeyScope;
import dev.openloop.api.log.LogRequest;
import dev.openloop.server.chat.LogPlacement;
import dev.openloop.server.chatlog.LogRecord;
import dev.openloop.server.chatlog.LogSaving;
import dev.openloop.server.chatlog.LogStatus;
import dev.openloop.server.environment.EnvironmentStore;
import dev.openloop.server.experiment.ExperimentStore;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.json.Json;
import dev.openloop.server.modelconfig.ModelConfigStore;
import dev.openloop.server.project.Project;
import dev.openloop.server.project.ProjectStore;
import dev.openloop.server.session.Session;
import dev.openloop.server.store.Ids;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the items of a {@code POST /logs} body into log rows, in two steps. {@link #resolve} looks
 * up everything the items name (projects, sessions, parents, configs, trials, environments) and
 * refuses what is unknown or does not fit, writing nothing; only then does {@link #rows} create
 * the project names and session reference ids met for the first time, store inline configs, and
 * build the rows. A refused request so leaves nothing behind. An item with {@code save: false}
 * keeps what {@link LogSaving} says, as a chat request's logs do.
 */
final class NewLogs {
    private final LogPlacement placement;
    private final ProjectStore projects;
    private final ModelConfigStore configs;
    private final ExperimentStore experiments;
    private final EnvironmentStore environments;

    NewLogs(LogPlacement placement, ProjectStore projects, ModelConfigStore configs, ExperimentStore experiments,
            EnvironmentStore environments) {
        this.placement = placement;
        this.projects = projects;
        this.configs = configs;
        this.experiments = experiments;
        this.environments = environments;
    }

    /**
     * An item with everything it names found.
     *
     * @param request the item
     * @param project its project, or null when {@code request.project()} names one to create
     * @param session the session named by id, or null
     * @param parentId the parent log, or null
     * @param configId the config by id or by trial, or null when the item brings one inline
     * @param trial the experiment trial, or null
     * @param environmentId the environment, or null
     */
    record Resolved(LogRequest request, Project project, Session session, String parentId, String configId,
            ExperimentStore.Trial trial, String environmentId) {
    }

    /**
     * Looks up what {@code request}, found at {@code loc} in the body, names; 404 for unknown ids,
     * 422 when a trial belongs to another project than the one named.
     */
    Resolved resolve(LogRequest request, List<Object> loc, KeyScope scope) {
        placement.checkReach(scope, request.sessionId(), request.sessionReferenceId(), request.parentId(),
                request.parentReferenceId());
        ExperimentStore.Trial trial = request.trialId() == null ? null : experiments.findTrial(request.trialId())
                .orElseThrow(() -> Refusal.notFound("Trial " + request.trialId() + " not found"));
        Project project = project(request, trial, loc);
        Session session = request.sessionId() == null ? null : placement.session(request.sessionId(), null);
        String parentId = placement.parent(request.parentId(), request.parentReferenceId());
        String configId = trial != null ? trial.configId()
                : request.configId() != null ? configs.get(request.configId()).id()
                : null;
        String environmentId = request.environment() != null ? environments.byNameOrDefault(request.environment()).id()
                : trial != null ? trial.environmentId()
                : null;
        return new Resolved(request, project, session, parentId, configId, trial, environmentId);
    }

    /**
     * The project the item names, or its trial's. A trial's log goes to its experiment's project:
     * naming another one (or a new one) is a 422, since the log would count toward an experiment
     * of a project it is not in. Null when the item names a project that does not exist yet.
     */
    private Project project(LogRequest request, ExperimentStore.Trial trial, List<Object> loc) {
        if (request.projectId() == null && request.project() == null) {
            // Only a trial's log may leave its project out (the request check sees to that).
            return projects.get(trial.projectId());
        }
        Project project = placement.existingProject(request.projectId(), request.project(), loc).orElse(null);
        if (trial != null && (project == null || !project.id().equals(trial.projectId()))) {
            String named = request.projectId() != null ? request.projectId() : "'" + request.project() + "'";
            throw Refusal.invalid(at(loc, "trial_id"), "trial " + trial.id() + " is a trial of experiment "
                    + trial.experimentId() + " of project " + trial.projectId() + ", not of project " + named
                    + "; give that project, or none", "value_error");
        }
        return project;
    }

    /**
     * The rows of resolved items: projects named for the first time are created, sessions
     * opened by reference id, inline configs stored, and every config linked to its project.
     */
    List<LogRecord> rows(List<Resolved> items) {
        List<LogRecord> rows = new ArrayList<>(items.size());
        for (Resolved item : items) {
            rows.add(row(item));
        }
        return rows;
    }

    private LogRecord row(Resolved item) {
        LogRequest request = item.request();
        Project project = item.project() != null ? item.project() : projects.findOrCreateByName(request.project());
        Session session = item.session() != null ? item.session()
                : request.sessionReferenceId() != null ? placement.session(null, request.sessionReferenceId())
                : null;
        String configId = item.configId() != null ? item.configId() : configs.register(request.config()).id();
        configs.link(project.id(), configId);
        boolean save = request.save() == null || request.save();
        long createdAt = request.createdAt() == null ? System.currentTimeMillis() : request.createdAt().toEpochMilli();
        String output = request.output() != null ? request.output()
                : request.outputMessage() != null ? request.outputMessage().text() : null;
        return LogSaving.row(save, LogRecord.builder(Ids.next("data_"))
                .projectId(project.id())
                .sessionId(session == null ? null : session.id())
                .parentId(item.parentId())
                .referenceId(request.referenceId())
                .configId(configId)
                .experimentId(item.trial() == null ? null : item.trial().experimentId())
                .trialId(request.trialId())
                .environmentId(item.environmentId())
                .status(LogStatus.COMPLETE)
                .source(request.source())
                .metadata(Json.text(request.metadata()))
                .inputs(Json.text(request.inputs() == null ? Map.of() : request.inputs()))
                .messages(Json.text(request.messages()))
                .output(output != null ? output.strip() : null)
                .rawOutput(output)
                .outputMessage(Json.text(request.outputMessage()))
                .promptTokens(request.promptTokens())
                .outputTokens(request.outputTokens())
                .duration(request.duration())
                .error(LogSaving.callerError(save, request.error()))
                .providerRequest(Json.text(request.providerRequest()))
                .providerResponse(Json.text(request.providerResponse()))
                .sourceDatapointId(request.sourceDatapointId())
                .saved(true)
                .createdAt(createdAt)
                .updatedAt(System.currentTimeMillis())
                .build());
    }

    private static List<Object> at(List<Object> loc, String field) {
        List<Object> result = new ArrayList<>(loc);
        result.add(field);
        return result;
    }
}
