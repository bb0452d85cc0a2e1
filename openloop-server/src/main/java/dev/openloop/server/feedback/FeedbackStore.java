package dev.openloop.server.feedback;

import dev.openloop.api.feedback.FeedbackRequest;
import dev.openloop.api.feedback.FeedbackResponse;
import dev.openloop.server.chatlog.LogStore;
import dev.openloop.server.experiment.TrialOutcomes;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.store.Ids;
import dev.openloop.server.store.Timestamps;
import dev.openloop.server.store.Transactions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Feedback on logs. Every piece is kept; the latest of each type is a log's current value, and an
 * {@code unset} clears it. Storing feedback, the log's current value as the logs listing filters
 * by it ({@link LogStore#feedbackChanged}) and the recount of the experiment trial it concerns
 * happen in one transaction.
 */
public final class FeedbackStore {
    private final Jdbi jdbi;
    private final TrialOutcomes outcomes;
    private final LogStore logs;

    public FeedbackStore(Jdbi jdbi, TrialOutcomes outcomes, LogStore logs) {
        this.jdbi = jdbi;
        this.outcomes = outcomes;
        this.logs = logs;
    }

    /**
     * Stores pieces of feedback in one transaction, all or none: 404 when a log does not exist.
     * Locks are taken first, in a fixed order, so that such transactions (through any nodes) wait
     * for each other instead of deadlocking: the experiments the logs are trials of, then the
     * logs, each in the order of their ids (see {@link TrialOutcomes}). A transaction that loses a
     * conflict anyway runs once more ({@link Transactions}).
     */
    public List<FeedbackResponse> give(List<FeedbackRequest> requests) {
        return Transactions.inTransaction(jdbi, h -> {
            Set<String> logIds = new TreeSet<>(requests.stream().map(FeedbackRequest::dataId).toList());
            outcomes.lockExperimentsOf(h, logIds);
            logIds.forEach(logId -> lock(h, logId));
            List<FeedbackResponse> responses = new ArrayList<>();
            for (FeedbackRequest request : requests) {
                responses.add(store(h, request));
            }
            return responses;
        });
    }

    /**
     * Locks a log row until the transaction ends; 404 when there is none. The lock is taken before
     * the feedback row is written: taking it after would first take the weaker lock the foreign key
     * needs, and two writers upgrading it would deadlock.
     */
    private void lock(Handle h, String logId) {
        if (!logs.lock(h, logId)) {
            throw Refusal.notFound("Log " + logId + " not found");
        }
    }

    /** Stores one piece of feedback, its log locked, and recounts the trial it concerns. */
    private FeedbackResponse store(Handle h, FeedbackRequest request) {
        String logId = request.dataId();
        boolean unset = Boolean.TRUE.equals(request.unset());
        String value = unset ? null : request.value();
        long createdAt = request.createdAt() == null ? System.currentTimeMillis() : request.createdAt().toEpochMilli();
        String id = Ids.next("ann_");
        h.createUpdate("""
                        INSERT INTO feedback (id, log_id, type, value, unset, end_user, created_at, recorded_at)
                        VALUES (:id, :log, :type, :value, :unset, :user, :created, :recorded)""")
                .bind("id", id)
                .bind("log", logId)
                .bind("type", request.type())
                .bind("value", value)
                .bind("unset", unset)
                .bind("user", request.user())
                .bind("created", createdAt)
                .bind("recorded", Timestamps.recordedNow())
                .execute();
        logs.feedbackChanged(h, logId, request.type());
        outcomes.feedbackChanged(h, logId);
        return new FeedbackResponse(id, request.type(), value == null ? "" : value, logId, request.user(),
                Timestamps.at(createdAt));
    }

    /**
     * The current feedback of each of {@code logIds}: the latest of each type, unless unset; of
     * pieces given at the same time, the one recorded last, as the listing's filter reads them.
     */
    public Map<String, List<FeedbackResponse>> currentOf(List<String> logIds) {
        Map<String, List<FeedbackResponse>> current = new HashMap<>();
        if (logIds.isEmpty()) {
            return current;
        }
        Map<String, Set<String>> seenTypes = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("""
                        SELECT id, log_id, type, value, unset, end_user, created_at FROM feedback WHERE log_id IN (<logs>)
                        ORDER BY log_id, created_at DESC, recorded_at DESC, id DESC""")
                .bindList("logs", logIds)
                .map((rs, ctx) -> {
                    String logId = rs.getString("log_id");
                    String type = rs.getString("type");
                    boolean latestOfType = seenTypes.computeIfAbsent(logId, id -> new HashSet<>()).add(type);
                    if (latestOfType && !rs.getBoolean("unset")) {
                        current.computeIfAbsent(logId, id -> new ArrayList<>()).add(new FeedbackResponse(
                                rs.getString("id"), type, rs.getString("value"), logId, rs.getString("end_user"),
                                Timestamps.at(rs.getLong("created_at"))));
                    }
                    return logId;
                })
                .list());
        return current;
    }

    /** The current feedback of one log. */
    public List<FeedbackResponse> currentOf(String logId) {
        return currentOf(List.of(logId)).getOrDefault(logId, List.of());
    }
}
