package dev.openloop.server.door.v4;

import dev.openloop.server.apikey.KeyScope;
import dev.openloop.server.chatlog.LogStore;
import dev.openloop.server.experiment.ExperimentStore;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.modelconfig.ModelConfigStore;
import dev.openloop.server.modelconfig.ProjectConfigs;
import dev.openloop.server.project.Project;
import dev.openloop.server.project.ProjectStore;
import dev.openloop.server.session.SessionStore;
import java.util.Optional;

/**
 * Whether a key reaches a thing, from the thing's id: its project looked up and checked against
 * the key's projects. A thing out of reach is refused exactly as one that does not exist (the
 * same 404 and {@code detail}), so that a key learns nothing of other projects, not even what
 * exists there. A thing that does not exist is refused by its store's own lookup.
 */
public final class ScopeChecks {
    private final ProjectStore projects;
    private final ExperimentStore experiments;
    private final LogStore logs;
    private final ModelConfigStore configs;
    private final ProjectConfigs projectConfigs;
    private final SessionStore sessions;

    public ScopeChecks(ProjectStore projects, ExperimentStore experiments, LogStore logs, ModelConfigStore configs,
            ProjectConfigs projectConfigs, SessionStore sessions) {
        this.projects = projects;
        this.experiments = experiments;
        this.logs = logs;
        this.configs = configs;
        this.projectConfigs = projectConfigs;
        this.sessions = sessions;
    }

    /** The project of id {@code id}, when {@code scope} reaches it; as {@link ProjectStore#get} refuses one that does not exist. */
    public void project(KeyScope scope, String id) {
        if (!scope.reaches(id)) {
            throw Refusal.notFound("Project " + id + " not found");
        }
    }

    /**
     * A project a body names, by id or by name, that a request may write into: one the key
     * reaches, or a new name when the key may create projects. A name out of reach, existing or
     * not, is refused alike.
     */
    public void namedProject(KeyScope scope, String projectId, String projectName) {
        if (scope.everyProject()) {
            return;
        }
        if (projectId != null) {
            project(scope, projectId);
            return;
        }
        if (projectName == null) {
            throw Refusal.forbidden("This API key is limited to its projects: name one of them (project or project_id)");
        }
        Optional<Project> named = projects.findByName(projectName.strip());
        if (named.isEmpty() || !scope.reaches(named.get().id())) {
            throw Refusal.notFound("Project '" + projectName.strip() + "' not found");
        }
    }

    /** The experiment of id {@code id}, when the key reaches its project. */
    public void experiment(KeyScope scope, String id) {
        String projectId = experiments.get(id).projectId();
        if (!scope.reaches(projectId)) {
            throw Refusal.notFound("Experiment " + id + " not found");
        }
    }

    /** The log of id {@code id}, when the key reaches its project. */
    public void log(KeyScope scope, String id) {
        if (scope.everyProject()) {
            return;
        }
        if (!scope.reaches(logs.get(id).projectId())) {
            throw Refusal.notFound("Log " + id + " not found");
        }
    }

    /** The config version of id {@code id}, when one of the key's projects uses it (configs are shared). */
    public void config(KeyScope scope, String id) {
        configs.get(id);
        if (scope.everyProject()) {
            return;
        }
        if (scope.projectIds().stream().noneMatch(projectId -> projectConfigs.uses(projectId, id))) {
            throw Refusal.notFound("Model config " + id + " not found");
        }
    }

    /** The session of id {@code id}, when it holds a log of one of the key's projects. */
    public void session(KeyScope scope, String id) {
        sessions.get(id);
        if (scope.everyProject()) {
            return;
        }
        if (logs.ofSession(id).projects().stream().noneMatch(project -> scope.reaches(project.id()))) {
            throw Refusal.notFound("Session " + id + " not found");
        }
    }

    /** 403 unless the key reaches every project: a key limited to projects writes nothing outside them, such as a session of none. */
    public void outsideProjects(KeyScope scope, String what) {
        if (!scope.everyProject()) {
            throw Refusal.forbidden("This API key is limited to its projects: it cannot " + what);
        }
    }

    /** 403 unless the key may create projects: a key limited to projects creates none. */
    public void mayCreateProject(KeyScope scope) {
        if (!scope.mayCreateProjects()) {
            throw Refusal.forbidden("This API key is limited to its projects: it cannot create projects");
        }
    }
}
