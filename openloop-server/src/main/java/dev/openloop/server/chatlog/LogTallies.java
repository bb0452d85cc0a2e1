package dev.openloop.server.chatlog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * What other features read off the logs without reading a log: how many a project has, the
 * sessions they form, how a project's configs are used, the first log of a trial. Each is one
 * query on an index of {@code logs}.
 */
final class LogTallies {
    private final Jdbi jdbi;

    LogTallies(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    long ofProject(String projectId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM logs WHERE project_id = :id")
                .bind("id", projectId)
                .mapTo(Long.class)
                .one());
    }

    List<String> sessionsOfProject(String projectId, int page, int size) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM sessions WHERE id IN "
                        + "(SELECT DISTINCT session_id FROM logs WHERE project_id = :project) "
                        + "ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .bind("project", projectId)
                .bind("limit", size)
                .bind("offset", (long) (page - 1) * size)
                .mapTo(String.class)
                .list());
    }

    long sessionCountOfProject(String projectId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(DISTINCT session_id) FROM logs WHERE project_id = :project AND session_id IS NOT NULL")
                .bind("project", projectId)
                .mapTo(Long.class)
                .one());
    }

    LogStore.SessionLogs ofSession(String sessionId) {
        return jdbi.withHandle(h -> {
            List<LogStore.NamedProject> projects = h.createQuery("""
                            SELECT DISTINCT p.id, p.name FROM logs l JOIN projects p ON p.id = l.project_id
                            WHERE l.session_id = :session ORDER BY p.name""")
                    .bind("session", sessionId)
                    .map((rs, ctx) -> new LogStore.NamedProject(rs.getString("id"), rs.getString("name")))
                    .list();
            Map<String, Object> stats = h.createQuery("SELECT COUNT(*) AS n, MAX(created_at) AS last FROM logs WHERE session_id = :session")
                    .bind("session", sessionId)
                    .mapToMap()
                    .one();
            String firstInputs = h.createQuery("SELECT inputs FROM logs WHERE session_id = :session ORDER BY created_at, id LIMIT 1")
                    .bind("session", sessionId)
                    .mapTo(String.class)
                    .findOne()
                    .orElse(null);
            String lastOutput = h.createQuery("SELECT output FROM logs WHERE session_id = :session ORDER BY created_at DESC, id DESC LIMIT 1")
                    .bind("session", sessionId)
                    .mapTo(String.class)
                    .findOne()
                    .orElse(null);
            Number last = (Number) stats.get("last");
            return new LogStore.SessionLogs(projects, ((Number) stats.get("n")).longValue(),
                    last == null ? null : last.longValue(), firstInputs, lastOutput);
        });
    }

    Map<String, LogStore.ConfigUse> configUse(String projectId, List<String> configIds) {
        Map<String, LogStore.ConfigUse> use = new HashMap<>();
        if (configIds.isEmpty()) {
            return use;
        }
        jdbi.useHandle(h -> h.createQuery("""
                        SELECT config_id, MAX(created_at) AS last_used, COUNT(*) AS n FROM logs
                        WHERE project_id = :project AND config_id IN (<configs>) GROUP BY config_id""")
                .bind("project", projectId)
                .bindList("configs", configIds)
                .map((rs, ctx) -> Map.entry(rs.getString("config_id"), new LogStore.ConfigUse(rs.getLong("n"),
                        rs.getObject("last_used") == null ? null : rs.getLong("last_used"))))
                .forEach(entry -> use.put(entry.getKey(), entry.getValue())));
        return use;
    }

    Optional<LogStore.LoggedTrial> firstOfTrial(String trialId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT l.trial_id, l.experiment_id, e.project_id, l.config_id, l.environment_id
                        FROM logs l JOIN experiments e ON e.id = l.experiment_id WHERE l.trial_id = :id
                        ORDER BY l.created_at, l.id LIMIT 1""")
                .bind("id", trialId)
                .map((rs, ctx) -> new LogStore.LoggedTrial(rs.getString("trial_id"), rs.getString("experiment_id"),
                        rs.getString("project_id"), rs.getString("config_id"), rs.getString("environment_id")))
                .findOne());
    }
}
