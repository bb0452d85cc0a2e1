package dev.openloop.server.experiment;

import dev.openloop.api.project.PositiveLabel;
import dev.openloop.server.store.Dialect;
import dev.openloop.server.store.LockOrder;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * Keeps the outcome counts of experiment configs in step with feedback. A trial (a log drawn
 * from an experiment) is a success when the latest feedback of some type of the positive labels
 * matches one of them, a failure when it has such feedback and none matches, and uncounted
 * otherwise. Each log remembers how it is counted, so new feedback moves it between counts inside
 * the transaction that stores the feedback; every node reads the same counts.
 *
 * <p>Every write that changes counts (feedback, new positive labels, deleted logs) first takes the
 * lock of each experiment concerned, in the order of their ids, with {@link #lockExperiments},
 * and only then locks log rows, also in the order of their ids. One lock per experiment, taken first in one order by every path,
 * serialises them across nodes without deadlocks: a recount cannot overwrite counts that feedback
 * committed meanwhile, nor feedback apply a delta to counts a recount is replacing. (On SQLite the
 * one write lock, taken when a write transaction begins, already does this.)
 */
public final class TrialOutcomes {
    static final String SUCCESS = "success";
    static final String FAILURE = "failure";

    private final Dialect dialect;

    public TrialOutcomes(Dialect dialect) {
        this.dialect = dialect;
    }

    /** One piece of feedback, as outcomes see it. */
    private record Given(String type, String value, boolean unset) {
    }

    /**
     * Takes the per-experiment locks of {@code experimentIds}, in the order of their ids, until the
     * caller's transaction ends. Unknown ids are skipped (a log may outlive its experiment).
     *
     * <p>The lock is PostgreSQL's FOR NO KEY UPDATE: it excludes the other writers of counts, but
     * not the inserts that point at the experiment (trials drawn from it, its configs, its
     * deployments), whose foreign keys take a key-share lock on its row. FOR UPDATE would make a
     * draw wait for every piece of feedback on the experiment's trials.
     */
    public void lockExperiments(Handle handle, Collection<String> experimentIds) {
        for (String experimentId : LockOrder.of(experimentIds)) {
            handle.createQuery("SELECT id FROM experiments WHERE id = :id" + dialect.forNoKeyUpdate())
                    .bind("id", experimentId)
                    .mapTo(String.class)
                    .findOne();
        }
    }

    /** Locks, as {@link #lockExperiments} does, the experiments the logs {@code logIds} are trials of. */
    public void lockExperimentsOf(Handle handle, Collection<String> logIds) {
        if (logIds.isEmpty()) {
            return;
        }
        // A log's experiment never changes, so it can be read before anything is locked.
        lockExperiments(handle, handle.createQuery(
                        "SELECT DISTINCT experiment_id FROM logs WHERE id IN (<logs>) AND experiment_id IS NOT NULL")
                .bindList("logs", List.copyOf(logIds))
                .mapTo(String.class)
                .list());
    }

    /**
     * Takes the logs {@code logIds} out of the counts they are in, because they are about to be
     * deleted in the caller's transaction. Locks their experiments first.
     */
    public void logsDeleted(Handle handle, List<String> logIds) {
        if (logIds.isEmpty()) {
            return;
        }
        lockExperimentsOf(handle, logIds);
        subtract(handle, handle.createQuery("""
                        SELECT experiment_id, config_id, trial_outcome, COUNT(*) AS trials FROM logs
                        WHERE id IN (<logs>) AND trial_outcome IS NOT NULL
                        GROUP BY experiment_id, config_id, trial_outcome""")
                .bindList("logs", logIds));
    }

    /**
     * Takes every log of project {@code projectId} out of the counts it is in, because the project
     * is about to be deleted (with its logs) in the caller's transaction. Its own experiments go
     * with it; this keeps right the counts of any other experiment its logs were trials of.
     */
    public void projectDeleted(Handle handle, String projectId) {
        lockExperiments(handle, handle.createQuery(
                        "SELECT DISTINCT experiment_id FROM logs WHERE project_id = :project AND experiment_id IS NOT NULL")
                .bind("project", projectId)
                .mapTo(String.class)
                .list());
        subtract(handle, handle.createQuery("""
                        SELECT experiment_id, config_id, trial_outcome, COUNT(*) AS trials FROM logs
                        WHERE project_id = :project AND trial_outcome IS NOT NULL
                        GROUP BY experiment_id, config_id, trial_outcome""")
                .bind("project", projectId));
    }

    /** Subtracts the counted trials {@code counted} finds (experiment, config, outcome, how many). */
    private static void subtract(Handle handle, Query counted) {
        record Counted(String experimentId, String configId, String outcome, long trials) {
        }
        List<Counted> rows = counted.map((rs, ctx) -> new Counted(rs.getString("experiment_id"), rs.getString("config_id"),
                rs.getString("trial_outcome"), rs.getLong("trials"))).list();
        long now = System.currentTimeMillis();
        for (Counted row : rows) {
            boolean success = row.outcome().equals(SUCCESS);
            handle.createUpdate("""
                            UPDATE experiment_configs SET successes = successes - :successes, failures = failures - :failures,
                                updated_at = :now
                            WHERE experiment_id = :experiment AND config_id = :config""")
                    .bind("successes", success ? row.trials() : 0)
                    .bind("failures", success ? 0 : row.trials())
                    .bind("now", now)
                    .bind("experiment", row.experimentId())
                    .bind("config", row.configId())
                    .execute();
        }
    }

    /**
     * Recounts the log {@code logId} after its feedback changed; runs inside the caller's
     * transaction, which holds the lock of the log's experiment (see {@link #lockExperimentsOf})
     * and then of the log. Does nothing for logs that are not trials.
     */
    public void feedbackChanged(Handle handle, String logId) {
        Map<String, Object> log = handle.createQuery("SELECT experiment_id, config_id, trial_outcome FROM logs WHERE id = :id")
                .bind("id", logId)
                .mapToMap()
                .findOne()
                .orElse(null);
        if (log == null || log.get("experiment_id") == null) {
            return;
        }
        String experimentId = (String) log.get("experiment_id");
        String configId = (String) log.get("config_id");
        List<PositiveLabel> labels = labelsOf(handle, experimentId);
        if (labels == null) {
            return;
        }
        List<Given> feedback = handle.createQuery(
                        "SELECT type, value, unset FROM feedback WHERE log_id = :id ORDER BY created_at DESC, recorded_at DESC")
                .bind("id", logId)
                .map((rs, ctx) -> new Given(rs.getString("type"), rs.getString("value"), rs.getBoolean("unset")))
                .list();
        String before = (String) log.get("trial_outcome");
        String after = outcome(feedback, labels);
        if (java.util.Objects.equals(before, after)) {
            return;
        }
        handle.createUpdate("UPDATE logs SET trial_outcome = :outcome WHERE id = :id")
                .bind("outcome", after)
                .bind("id", logId)
                .execute();
        handle.createUpdate("""
                        UPDATE experiment_configs SET successes = successes + :successes, failures = failures + :failures,
                            updated_at = :now
                        WHERE experiment_id = :experiment AND config_id = :config""")
                .bind("successes", delta(SUCCESS, before, after))
                .bind("failures", delta(FAILURE, before, after))
                .bind("now", System.currentTimeMillis())
                .bind("experiment", experimentId)
                .bind("config", configId)
                .execute();
    }

    /**
     * Recounts every trial of an experiment, after its positive labels changed; inside the
     * caller's transaction, which holds the experiment's lock (see {@link #lockExperiments}).
     */
    public void recount(Handle handle, String experimentId) {
        lockCountedLogs(handle, experimentId);
        List<PositiveLabel> labels = labelsOf(handle, experimentId);
        Map<String, List<Given>> feedbackByLog = new LinkedHashMap<>();
        Map<String, String> configByLog = new HashMap<>();
        handle.createQuery("""
                        SELECT f.log_id, l.config_id, f.type, f.value, f.unset FROM feedback f JOIN logs l ON l.id = f.log_id
                        WHERE l.experiment_id = :experiment ORDER BY f.log_id, f.created_at DESC, f.recorded_at DESC""")
                .bind("experiment", experimentId)
                .map((rs, ctx) -> {
                    String logId = rs.getString("log_id");
                    configByLog.put(logId, rs.getString("config_id"));
                    feedbackByLog.computeIfAbsent(logId, id -> new java.util.ArrayList<>())
                            .add(new Given(rs.getString("type"), rs.getString("value"), rs.getBoolean("unset")));
                    return logId;
                })
                .list();
        handle.createUpdate("UPDATE logs SET trial_outcome = NULL WHERE experiment_id = :experiment AND trial_outcome IS NOT NULL")
                .bind("experiment", experimentId)
                .execute();
        Map<String, long[]> counts = new HashMap<>();
        PreparedBatch outcomes = handle.prepareBatch("UPDATE logs SET trial_outcome = :outcome WHERE id = :id");
        for (Map.Entry<String, List<Given>> entry : feedbackByLog.entrySet()) {
            String outcome = outcome(entry.getValue(), labels);
            if (outcome == null) {
                continue;
            }
            outcomes.bind("outcome", outcome).bind("id", entry.getKey()).add();
            long[] count = counts.computeIfAbsent(configByLog.get(entry.getKey()), id -> new long[2]);
            count[outcome.equals(SUCCESS) ? 0 : 1]++;
        }
        if (outcomes.size() > 0) {
            outcomes.execute();
        }
        handle.createUpdate("UPDATE experiment_configs SET successes = 0, failures = 0 WHERE experiment_id = :experiment")
                .bind("experiment", experimentId)
                .execute();
        for (Map.Entry<String, long[]> count : counts.entrySet()) {
            handle.createUpdate("""
                            UPDATE experiment_configs SET successes = :successes, failures = :failures
                            WHERE experiment_id = :experiment AND config_id = :config""")
                    .bind("successes", count.getValue()[0])
                    .bind("failures", count.getValue()[1])
                    .bind("experiment", experimentId)
                    .bind("config", count.getKey())
                    .execute();
        }
    }

    /**
     * Locks, in the order of their ids, the logs of the experiment a recount may rewrite: those
     * counted, and those with feedback. The updates below would otherwise lock them in whatever
     * order the database finds them, and deadlock with feedback, deletes and completed streams,
     * which lock logs by id.
     */
    private void lockCountedLogs(Handle handle, String experimentId) {
        handle.createQuery("""
                        SELECT l.id FROM logs l
                        WHERE l.experiment_id = :experiment
                          AND (l.trial_outcome IS NOT NULL OR EXISTS (SELECT 1 FROM feedback f WHERE f.log_id = l.id))
                        ORDER BY l.id""" + dialect.forNoKeyUpdate())
                .bind("experiment", experimentId)
                .mapTo(String.class)
                .list();
    }

    private static List<PositiveLabel> labelsOf(Handle handle, String experimentId) {
        return handle.createQuery("SELECT * FROM experiments WHERE id = :id")
                .bind("id", experimentId)
                .mapTo(Experiment.class)
                .findOne()
                .map(Experiment::labels)
                .orElse(null);
    }

    /** How feedback counts, the latest of each type first in {@code newestFirst}. */
    static String outcome(List<Given> newestFirst, List<PositiveLabel> labels) {
        Set<String> types = labels.stream().map(PositiveLabel::type).collect(Collectors.toSet());
        Map<String, Given> latest = new HashMap<>();
        for (Given given : newestFirst) {
            if (types.contains(given.type())) {
                latest.putIfAbsent(given.type(), given);
            }
        }
        boolean counted = false;
        for (Given given : latest.values()) {
            if (given.unset()) {
                continue;
            }
            counted = true;
            if (labels.contains(new PositiveLabel(given.type(), given.value()))) {
                return SUCCESS;
            }
        }
        return counted ? FAILURE : null;
    }

    private static int delta(String kind, String before, String after) {
        return (kind.equals(after) ? 1 : 0) - (kind.equals(before) ? 1 : 0);
    }
}
