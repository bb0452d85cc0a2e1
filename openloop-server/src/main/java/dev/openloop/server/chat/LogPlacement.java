package dev.openloop.server.chat;

import dev.openloop.server.apikey.KeyScope;
import dev.openloop.server.chatlog.LogStore;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.project.Project;
import dev.openloop.server.project.ProjectStore;
import dev.openloop.server.session.Session;
import dev.openloop.server.session.SessionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a new log goes: its project, session and parent, as a chat request or a {@code POST /logs}
 * names them. Unknown ids are 404s; names and reference ids of projects and sessions are created
 * on first use; a parent must exist.
 */
public final class LogPlacement {
    private final ProjectStore projects;
    private final SessionStore sessions;
    private final LogStore logs;

    public LogPlacement(ProjectStore projects, SessionStore sessions, LogStore logs) {
        this.projects = projects;
        this.sessions = sessions;
        this.logs = logs;
    }

    /** The project that first used config {@code configId}, if any project uses it. */
    public Optional<Project> firstProjectUsing(String configId) {
        return projects.firstUsingConfig(configId);
    }

    /**
     * The project named by id or name; null when neither is given.
     *
     * @param loc where the body's fields are, e.g. {@code ["body"]}
     */
    public Project project(String projectId, String projectName, List<Object> loc) {
        Optional<Project> existing = existingProject(projectId, projectName, loc);
        if (existing.isPresent() || projectName == null) {
            return existing.orElse(null);
        }
        return projects.findOrCreateByName(projectName);
    }

    /**
     * The project named by id or name if it exists, creating nothing: empty when neither is given,
     * or when the name is new. A request checks this before it writes anything, so that one
     * refused later leaves no project behind. Read from this node's copies of projects, which
     * no change committed on any node outlives.
     *
     * @param loc where the body's fields are, e.g. {@code ["body"]}
     */
    public Optional<Project> existingProject(String projectId, String projectName, List<Object> loc) {
        if (projectId != null) {
            Project project = projects.cachedGet(projectId);
            if (projectName != null && !projectName.equals(project.name())) {
                throw Refusal.invalid(at(loc, "project"), "project '" + projectName
                        + "' is not the name of project_id " + projectId, "value_error");
            }
            return Optional.of(project);
        }
        if (projectName != null) {
            if (projectName.isBlank()) {
                throw Refusal.invalid(at(loc, "project"), "ensure this value is not blank",
                        "value_error.any_str.min_length");
            }
            return projects.cachedFindByName(projectName);
        }
        return Optional.empty();
    }

    /** The session named by id or reference id; null when neither is given. */
    public Session session(String sessionId, String sessionReferenceId) {
        if (sessionId != null) {
            return sessions.get(sessionId);
        }
        if (sessionReferenceId != null) {
            return sessions.findOrCreateByReference(sessionReferenceId);
        }
        return null;
    }

    /**
     * Refuses a session or parent log named by id that a key limited to projects does not reach,
     * as one that does not exist, and a session reference id another project's session holds as
     * taken (409): a log goes into no session or under no log of another project.
     */
    public void checkReach(KeyScope scope, String sessionId, String sessionReferenceId, String parentId, String parentReferenceId) {
        if (scope.everyProject()) {
            return;
        }
        // Reference ids are unique across the server: one another project's session holds is taken.
        if (sessionId == null && sessionReferenceId != null) {
            sessions.findByReference(sessionReferenceId).ifPresent(session -> {
                List<LogStore.NamedProject> projects = logs.ofSession(session.id()).projects();
                if (!projects.isEmpty() && projects.stream().noneMatch(project -> scope.reaches(project.id()))) {
                    throw Refusal.conflict("session_reference_id '" + sessionReferenceId + "' is taken: choose another");
                }
            });
        }
        if (sessionId != null) {
            sessions.get(sessionId);
            if (logs.ofSession(sessionId).projects().stream().noneMatch(project -> scope.reaches(project.id()))) {
                throw Refusal.notFound("Session " + sessionId + " not found");
            }
        }
        String parent = parent(parentId, parentReferenceId);
        if (parent != null && !scope.reaches(logs.get(parent).projectId())) {
            throw parentId != null ? Refusal.notFound("Parent log " + parentId + " not found")
                    : Refusal.notFound("No log has reference_id " + parentReferenceId);
        }
    }

    /** The id of the parent log named by id or reference id; null when neither is given. */
    public String parent(String parentId, String parentReferenceId) {
        if (parentId != null) {
            return logs.findId(parentId).orElseThrow(() -> Refusal.notFound("Parent log " + parentId + " not found"));
        }
        if (parentReferenceId != null) {
            return logs.findIdByReference(parentReferenceId)
                    .orElseThrow(() -> Refusal.notFound("No log has reference_id " + parentReferenceId));
        }
        return null;
    }

    private static List<Object> at(List<Object> loc, String field) {
        List<Object> result = new ArrayList<>(loc);
        result.add(field);
        return result;
    }
}
