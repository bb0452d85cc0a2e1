package dev.openloop.server.chatlog;

import org.jdbi.v3.core.Handle;

/**
 * The table {@code log_current_feedback}: each log's current feedback of each type (the latest
 * piece of that type, unless it is an unset) beside the log's project and time, so that a
 * listing's feedback filter reads the newest logs with a value from one index range, in the
 * listing's order (migration V14). It is derived from {@code feedback}: written again from it in
 * the transaction of each piece of feedback; a deleted log's rows go with it by the foreign key,
 * and logs never change project or time.
 */
final class CurrentFeedback {
    /** The table, joined to {@code logs} as {@code c}: at most one row per log for the one type filtered. */
    static final String JOIN = " JOIN log_current_feedback c ON c.log_id = logs.id";

    /**
     * The conditions on {@link #JOIN}'s rows, with {@code :project}, {@code :feedbackType} and
     * {@code :feedbackValue}; its index serves them, and the listing's order as {@link #ORDER}.
     */
    static final String CONDITION = "c.project_id = :project AND c.type = :feedbackType AND c.value = :feedbackValue";

    /** The listing's order (the log's time, then its id) read from {@link #JOIN}'s index. */
    static final String ORDER = "c.log_created_at DESC, c.log_id DESC";

    /** The log's time on {@link #JOIN}'s rows, for a listing's date range. */
    static final String LOG_CREATED_AT = "c.log_created_at";

    private CurrentFeedback() {
    }

    /**
     * Writes log {@code logId}'s current feedback of {@code type} again from its pieces: the latest
     * by {@code created_at}, then {@code recorded_at} (feedback given within one millisecond), then
     * id; none when that one is an unset. Runs in the transaction that stored the piece, the log
     * locked, so that two pieces on one log are written one after the other.
     */
    static void refresh(Handle handle, String logId, String type) {
        handle.createUpdate("DELETE FROM log_current_feedback WHERE log_id = :log AND type = :type")
                .bind("log", logId)
                .bind("type", type)
                .execute();
        handle.createUpdate("""
                        INSERT INTO log_current_feedback (log_id, type, value, project_id, log_created_at)
                        SELECT f.log_id, f.type, f.value, l.project_id, l.created_at FROM feedback f JOIN logs l ON l.id = f.log_id
                        WHERE f.id = (SELECT g.id FROM feedback g WHERE g.log_id = :log AND g.type = :type
                                ORDER BY g.created_at DESC, g.recorded_at DESC, g.id DESC LIMIT 1)
                            AND NOT f.unset AND f.value IS NOT NULL""")
                .bind("log", logId)
                .bind("type", type)
                .execute();
    }
}
