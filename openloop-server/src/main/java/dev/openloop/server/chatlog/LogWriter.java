package dev.openloop.server.chatlog;

import dev.openloop.server.http.ApiException;
import dev.openloop.server.store.Dialect;
import dev.openloop.server.store.GroupCommit;
import dev.openloop.server.store.StoreFailures;
import dev.openloop.server.store.WriterHealth;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Writes logs through group commit: the rows of concurrent requests share transactions, each
 * kind as one batched statement. Callers wait on the returned future, so an answer that names a
 * log is sent only once the log is committed.
 */
public final class LogWriter implements AutoCloseable {
    private static final int MAX_BATCH = 500;

    /** The columns of a new row, in the order {@link #bindInsert} binds them. */
    private static final List<String> INSERT_COLUMNS = List.of(
            "id", "project_id", "session_id", "parent_id", "reference_id", "config_id", "experiment_id", "trial_id",
            "environment_id", "status", "node_id", "source", "end_user", "metadata", "inputs", "messages", "output",
            "raw_output", "output_message", "tool_choice", "finish_reason", "prompt_tokens", "output_tokens",
            "provider_latency", "duration", "error", "provider_request", "provider_response", "source_datapoint_id", "saved",
            "created_at", "updated_at");
    private static final String INSERT = "INSERT INTO logs (" + String.join(", ", INSERT_COLUMNS) + ") VALUES ("
            + String.join(", ", Collections.nCopies(INSERT_COLUMNS.size(), "?")) + ")";

    /** What a finished stream sets, in the order {@link #bindCompletion} binds them; the id comes last. */
    private static final String COMPLETE = """
            UPDATE logs SET status = ?, node_id = NULL, output = ?, raw_output = ?, output_message = ?, finish_reason = ?,
                prompt_tokens = ?, output_tokens = ?, provider_latency = ?, error = ?, provider_response = ?, updated_at = ?
            WHERE id = ?""";

    /** One write: a new row, rows stored together, or the completion of a streamed one. */
    private sealed interface Write {
        record Insert(LogRecord record) implements Write {
        }

        /** Rows committed all or none: when a shared batch fails, group commit retries each write alone, and this is one. */
        record InsertAll(List<LogRecord> records) implements Write {
        }

        record Complete(LogCompletion completion) implements Write {
        }
    }

    /** By reference id (rows without one last), then by id. */
    private static final Comparator<LogRecord> INSERT_ORDER = Comparator
            .comparing(LogRecord::referenceId, Comparator.nullsLast(Comparator.<String>naturalOrder()))
            .thenComparing(LogRecord::id);

    private final GroupCommit<Write> commits;

    /** Starts the writer on {@code jdbi}, with as many concurrent transactions as {@code dialect} gains from. */
    public LogWriter(Jdbi jdbi, Dialect dialect) {
        this.commits = new GroupCommit<>("logs", jdbi, LogWriter::write, MAX_BATCH, dialect.groupCommitWriters());
    }

    /** Inserts {@code records}; completes once they are committed. */
    public CompletableFuture<Void> insert(List<LogRecord> records) {
        return commits.submitAll(records.stream().<Write>map(Write.Insert::new).toList());
    }

    /**
     * Inserts {@code records} as one unit: all are committed, or none (when one of them cannot be
     * stored, e.g. for a taken reference id); completes once they are committed.
     */
    public CompletableFuture<Void> insertAllOrNone(List<LogRecord> records) {
        return commits.submit(new Write.InsertAll(List.copyOf(records)));
    }

    /** Records the end of a streamed log; completes once committed. */
    public CompletableFuture<Void> complete(LogCompletion completion) {
        return commits.submit(new Write.Complete(completion));
    }

    private static void write(Handle handle, List<Write> writes) {
        List<LogRecord> inserts = new ArrayList<>();
        List<LogCompletion> completions = new ArrayList<>();
        for (Write write : writes) {
            switch (write) {
                case Write.Insert insert -> inserts.add(insert.record());
                case Write.InsertAll all -> inserts.addAll(all.records());
                case Write.Complete complete -> completions.add(complete.completion());
            }
        }
        // Rows in one order, so that transactions wait for each other instead of deadlocking:
        // completions lock their rows by id, as feedback and deletes do; new rows go by
        // reference id, so that two batches holding some of the same ones wait on them in turn.
        inserts.sort(INSERT_ORDER);
        completions.sort(Comparator.comparing(LogCompletion::id));
        // Plain JDBC batches: this is the hottest write path, and binding each row's 32 columns
        // through Jdbi's reflective argument lookup cost about as much as the insert itself.
        try {
            Connection connection = handle.getConnection();
            if (!inserts.isEmpty()) {
                try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                    for (LogRecord record : inserts) {
                        bindInsert(insert, record);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            if (!completions.isEmpty()) {
                try (PreparedStatement complete = connection.prepareStatement(COMPLETE)) {
                    for (LogCompletion completion : completions) {
                        bindCompletion(complete, completion);
                        complete.addBatch();
                    }
                    complete.executeBatch();
                }
            }
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    private static void bindInsert(PreparedStatement statement, LogRecord r) throws SQLException {
        Binder bind = new Binder(statement);
        bind.text(r.id()).text(r.projectId()).text(r.sessionId()).text(r.parentId()).text(r.referenceId())
                .text(r.configId()).text(r.experimentId()).text(r.trialId()).text(r.environmentId()).text(r.status())
                .text(r.nodeId()).text(r.source()).text(r.user()).text(r.metadata()).text(r.inputs()).text(r.messages())
                .text(r.output()).text(r.rawOutput()).text(r.outputMessage()).text(r.toolChoice()).text(r.finishReason())
                .integer(r.promptTokens()).integer(r.outputTokens()).real(r.providerLatency()).real(r.duration()).text(r.error())
                .text(r.providerRequest()).text(r.providerResponse()).text(r.sourceDatapointId()).bool(r.saved())
                .bigint(r.createdAt()).bigint(r.updatedAt());
    }

    private static void bindCompletion(PreparedStatement statement, LogCompletion c) throws SQLException {
        new Binder(statement).text(c.status()).text(c.output()).text(c.rawOutput()).text(c.outputMessage())
                .text(c.finishReason()).integer(c.promptTokens()).integer(c.outputTokens()).real(c.providerLatency())
                .text(c.error()).text(c.providerResponse()).bigint(c.updatedAt()).text(c.id());
    }

    /** Binds a statement's parameters in order, nulls with their SQL type. */
    private static final class Binder {
        private final PreparedStatement statement;
        private int position;

        Binder(PreparedStatement statement) {
            this.statement = statement;
        }

        Binder text(String value) throws SQLException {
            statement.setString(++position, value);
            return this;
        }

        Binder integer(Integer value) throws SQLException {
            if (value == null) {
                statement.setNull(++position, Types.INTEGER);
            } else {
                statement.setInt(++position, value);
            }
            return this;
        }

        Binder real(Double value) throws SQLException {
            if (value == null) {
                statement.setNull(++position, Types.DOUBLE);
            } else {
                statement.setDouble(++position, value);
            }
            return this;
        }

        Binder bigint(long value) throws SQLException {
            statement.setLong(++position, value);
            return this;
        }

        Binder bool(boolean value) throws SQLException {
            statement.setBoolean(++position, value);
            return this;
        }
    }

    /**
     * Waits for a commit. When it failed, what it held was not stored: a unique value another log
     * holds (a reference id) is a 409, anything else a 503. Neither answer carries the driver's message,
     * which holds the SQL and its values; the server's log gets what failed, without them.
     */
    public static void await(CompletableFuture<Void> commit) {
        try {
            commit.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (StoreFailures.isUniqueViolation(cause)) {
                throw ApiException.conflict("A log of this request has a reference_id another log holds");
            }
            System.getLogger(LogWriter.class.getName()).log(System.Logger.Level.WARNING,
                    "logs could not be stored: " + StoreFailures.describe(cause));
            throw ApiException.unavailable("The logs of this request could not be stored");
        }
    }

    /**
     * Marks the streams this node left running when it last stopped as incomplete. Runs at start,
     * before the node takes requests, so none of them can still be running.
     */
    public static int markAbandonedStreams(Jdbi jdbi, String nodeId) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE logs SET status = 'incomplete', node_id = NULL, updated_at = :now,
                            error = COALESCE(error, 'The server stopped before the stream completed')
                        WHERE status = 'streaming' AND node_id = :node""")
                .bind("node", nodeId)
                .bind("now", System.currentTimeMillis())
                .execute());
    }

    /** How the writers of logs are doing: stalled when one stopped making progress (for a readiness check). */
    public WriterHealth health() {
        return commits.health();
    }

    /** Writes everything queued, then stops. */
    @Override
    public void close() {
        commits.close();
    }
}
