package dev.openloop.server.experiment;

import dev.openloop.api.project.PositiveLabel;
import dev.openloop.server.chatlog.LogStore;
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
    private final LogStore logs;

    public TrialOutcomes(Dialect dialect, LogStore logs) {
        this.dialect = dialect;
        this.logs = logs;
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
        lockExperiments(handle, logs.experimentsOf(handle, logIds));
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
        subtract(handle, logs.countedTrials(handle, logIds));
    }

    /**
     * Takes every log of project {@code projectId} out of the counts it is in, because the project
     * is about to be deleted (with its logs) in the caller's transaction. Its own experiments go
     * with it; this keeps right the counts of any other experiment its logs were trials of.
     */
    public void projectDeleted(Handle handle, String projectId) {
        lockExperiments(handle, logs.experimentsOfProject(handle, projectId));
        subtract(handle, logs.countedTrialsOfProject(handle, projectId));
    }

    /** Subtracts the counted trials {@code rows} from their experiments' counts. */
    private static void subtract(Handle handle, List<LogStore.CountedTrials> rows) {
        long now = System.currentTimeMillis();
        for (LogStore.CountedTrials row : rows) {
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
        LogStore.TrialLog log = logs.trialOf(handle, logId).orElse(null);
        if (log == null) {
            return;
        }
        String experimentId = log.experimentId();
        String configId = log.configId();
        List<PositiveLabel> labels = labelsOf(handle, experimentId);
        if (labels == null) {
            return;
        }
        List<Given> feedback = handle.createQuery(
                        "SELECT type, value, unset FROM feedback WHERE log_id = :id ORDER BY created_at DESC, recorded_at DESC")
                .bind("id", logId)
                .map((rs, ctx) -> new Given(rs.getString("type"), rs.getString("value"), rs.getBoolean("unset")))
                .list();
        String before = log.outcome();
        String after = outcome(feedback, labels);
        if (java.util.Objects.equals(before, after)) {
            return;
        }
        logs.setTrialOutcome(handle, logId, after);
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
        // Locked in the order of their ids: the updates below would otherwise lock them in whatever
        // order the database finds them, and deadlock with feedback, deletes and completed streams.
        logs.lockCountedTrials(handle, experimentId);
        List<PositiveLabel> labels = labelsOf(handle, experimentId);
        Map<String, List<Given>> feedbackByLog = new LinkedHashMap<>();
        Map<String, String> configByLog = new HashMap<>();
        for (LogStore.TrialFeedback given : logs.feedbackOfTrials(handle, experimentId)) {
            configByLog.put(given.logId(), given.configId());
            feedbackByLog.computeIfAbsent(given.logId(), id -> new java.util.ArrayList<>())
                    .add(new Given(given.type(), given.value(), given.unset()));
        }
        logs.clearTrialOutcomes(handle, experimentId);
        Map<String, long[]> counts = new HashMap<>();
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (Map.Entry<String, List<Given>> entry : feedbackByLog.entrySet()) {
            String outcome = outcome(entry.getValue(), labels);
            if (outcome == null) {
                continue;
            }
            outcomes.put(entry.getKey(), outcome);
            long[] count = counts.computeIfAbsent(configByLog.get(entry.getKey()), id -> new long[2]);
            count[outcome.equals(SUCCESS) ? 0 : 1]++;
        }
        logs.setTrialOutcomes(handle, outcomes);
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
