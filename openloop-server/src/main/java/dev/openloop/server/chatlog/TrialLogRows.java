package dev.openloop.server.chatlog;

import dev.openloop.server.store.Dialect;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The SQL on logs that keeps experiment counts in step ({@code experiment.TrialOutcomes}): which
 * experiments logs are trials of, how each trial is counted ({@code trial_outcome}), and the
 * feedback of an experiment's trials. Every method runs on the caller's handle, inside the
 * transaction that holds the experiment locks it needs.
 */
final class TrialLogRows {
    private final Dialect dialect;

    TrialLogRows(Dialect dialect) {
        this.dialect = dialect;
    }

    List<String> experimentsOf(Handle handle, Collection<String> logIds) {
        return handle.createQuery("SELECT DISTINCT experiment_id FROM logs WHERE id IN (<logs>) AND experiment_id IS NOT NULL")
                .bindList("logs", List.copyOf(logIds))
                .mapTo(String.class)
                .list();
    }

    List<String> experimentsOfProject(Handle handle, String projectId) {
        return handle.createQuery("SELECT DISTINCT experiment_id FROM logs WHERE project_id = :project AND experiment_id IS NOT NULL")
                .bind("project", projectId)
                .mapTo(String.class)
                .list();
    }

    List<LogStore.CountedTrials> countedTrials(Handle handle, List<String> logIds) {
        return handle.createQuery("""
                        SELECT experiment_id, config_id, trial_outcome, COUNT(*) AS trials FROM logs
                        WHERE id IN (<logs>) AND trial_outcome IS NOT NULL
                        GROUP BY experiment_id, config_id, trial_outcome""")
                .bindList("logs", logIds)
                .map((rs, ctx) -> new LogStore.CountedTrials(rs.getString("experiment_id"), rs.getString("config_id"),
                        rs.getString("trial_outcome"), rs.getLong("trials")))
                .list();
    }

    List<LogStore.CountedTrials> countedTrialsOfProject(Handle handle, String projectId) {
        return handle.createQuery("""
                        SELECT experiment_id, config_id, trial_outcome, COUNT(*) AS trials FROM logs
                        WHERE project_id = :project AND trial_outcome IS NOT NULL
                        GROUP BY experiment_id, config_id, trial_outcome""")
                .bind("project", projectId)
                .map((rs, ctx) -> new LogStore.CountedTrials(rs.getString("experiment_id"), rs.getString("config_id"),
                        rs.getString("trial_outcome"), rs.getLong("trials")))
                .list();
    }

    Optional<LogStore.TrialLog> trialOf(Handle handle, String logId) {
        return handle.createQuery("SELECT experiment_id, config_id, trial_outcome FROM logs WHERE id = :id")
                .bind("id", logId)
                .map((rs, ctx) -> new LogStore.TrialLog(rs.getString("experiment_id"), rs.getString("config_id"),
                        rs.getString("trial_outcome")))
                .findOne()
                .filter(log -> log.experimentId() != null);
    }

    void setOutcome(Handle handle, String logId, String outcome) {
        handle.createUpdate("UPDATE logs SET trial_outcome = :outcome WHERE id = :id")
                .bind("outcome", outcome)
                .bind("id", logId)
                .execute();
    }

    void setOutcomes(Handle handle, Map<String, String> outcomeByLog) {
        if (outcomeByLog.isEmpty()) {
            return;
        }
        PreparedBatch outcomes = handle.prepareBatch("UPDATE logs SET trial_outcome = :outcome WHERE id = :id");
        outcomeByLog.forEach((logId, outcome) -> outcomes.bind("outcome", outcome).bind("id", logId).add());
        outcomes.execute();
    }

    void clearOutcomes(Handle handle, String experimentId) {
        handle.createUpdate("UPDATE logs SET trial_outcome = NULL WHERE experiment_id = :experiment AND trial_outcome IS NOT NULL")
                .bind("experiment", experimentId)
                .execute();
    }

    List<LogStore.TrialFeedback> feedbackOfTrials(Handle handle, String experimentId) {
        return handle.createQuery("""
                        SELECT f.log_id, l.config_id, f.type, f.value, f.unset FROM feedback f JOIN logs l ON l.id = f.log_id
                        WHERE l.experiment_id = :experiment ORDER BY f.log_id, f.created_at DESC, f.recorded_at DESC""")
                .bind("experiment", experimentId)
                .map((rs, ctx) -> new LogStore.TrialFeedback(rs.getString("log_id"), rs.getString("config_id"),
                        rs.getString("type"), rs.getString("value"), rs.getBoolean("unset")))
                .list();
    }

    void lockCounted(Handle handle, String experimentId) {
        handle.createQuery("""
                        SELECT l.id FROM logs l
                        WHERE l.experiment_id = :experiment
                          AND (l.trial_outcome IS NOT NULL OR EXISTS (SELECT 1 FROM feedback f WHERE f.log_id = l.id))
                        ORDER BY l.id""" + dialect.forNoKeyUpdate())
                .bind("experiment", experimentId)
                .mapTo(String.class)
                .list();
    }

    boolean lock(Handle handle, String logId) {
        return handle.createQuery("SELECT id FROM logs WHERE id = :id" + dialect.forUpdate())
                .bind("id", logId)
                .mapTo(String.class)
                .findOne()
                .isPresent();
    }
}
