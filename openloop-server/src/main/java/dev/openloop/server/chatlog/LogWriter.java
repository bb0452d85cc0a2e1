package dev.openloop.server.chatlog;

import dev.openloop.server.failure.Refusal;
import dev.openloop.server.store.Dialect;
import dev.openloop.server.store.GroupCommit;
import dev.openloop.server.store.GroupCommitMetrics;
import dev.openloop.server.store.MultiRowStatement;
import dev.openloop.server.store.PreparedStatements;
import dev.openloop.server.store.StoreFailures;
import dev.openloop.server.store.WriterHealth;
import io.micrometer.core.instrument.binder.MeterBinder;
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
 * Writes logs through group commit: the rows of concurrent requests share transactions, new rows
 * and completions each as one batched statement, searched texts as a few statements of many rows
 * ({@link MultiRowStatement}; on PostgreSQL a finished stream's output is added to its searched text
 * row by row). Callers wait on the returned future, so an answer that names a log is sent
 * only once the log is committed.
 */
public final class LogWriter implements AutoCloseable {
    private static final int MAX_BATCH = 500;

    /**
     * The columns of a new row, in the order {@link #bindInsert} binds them; public for the
     * benchmarks that measure this insert's shape (bench/logs).
     */
    public static final List<String> INSERT_COLUMNS = List.of(
            "id", "project_id", "session_id", "parent_id", "reference_id", "config_id", "experiment_id", "trial_id",
            "environment_id", "status", "node_id", "source", "end_user", "metadata", "inputs", "messages", "output",
            "raw_output", "output_message", "tool_choice", "finish_reason", "prompt_tokens", "output_tokens",
            "provider_latency", "duration", "error", "provider_request", "provider_response", "source_datapoint_id", "saved",
            "created_at", "updated_at", "request_refs", "output_refs", "provider", "model", "api_key_id",
            "cached_input_tokens", "cache_write_tokens", "reasoning_tokens", "cost_pico_usd", "cost_estimated", "attempts", "requested_config_id");
    private static final String INSERT = "INSERT INTO logs (" + String.join(", ", INSERT_COLUMNS) + ") VALUES ("
            + String.join(", ", Collections.nCopies(INSERT_COLUMNS.size(), "?")) + ")";

    /** What a finished stream sets, in the order {@link #bindCompletion} binds them; the id comes last. */
    private static final String COMPLETE = """
            UPDATE logs SET status = ?, node_id = NULL, output = ?, raw_output = ?, output_message = ?, finish_reason = ?,
                prompt_tokens = ?, output_tokens = ?, provider_latency = ?, error = ?, provider_response = ?, updated_at = ?,
                output_refs = ?, cached_input_tokens = ?, cache_write_tokens = ?, reasoning_tokens = ?, cost_pico_usd = ?,
                cost_estimated = ?
            WHERE id = ?""";

    /**
     * A new log's searched text ({@link SearchText}); logs stored with {@code save: false} have none.
     * Many rows a statement: on SQLite each statement that adds to the text index writes a segment of it.
     */
    private static final MultiRowStatement<NewRow> INSERT_SEARCH = MultiRowStatement.insert("log_search", List.of("log_id", "body"),
            (statement, first, row) -> new Binder(statement, first).text(row.record().id()).text(row.search()));

    /** A finished stream's output, added to its log's searched text as {@link SearchText#appended} adds it. */
    private static final String APPEND_SEARCH = """
            UPDATE log_search SET body = CASE WHEN body = '' THEN ? ELSE body || ? END WHERE log_id = ?""";

    /**
     * {@link #APPEND_SEARCH} for many finished streams a statement, on SQLite: each statement that
     * changes the text index writes a segment of it. SQLite's one writer holds the whole file's
     * lock, so the order in which the statement takes the rows does not matter there; on
     * PostgreSQL the rows are updated one by one in the order of their ids, as everything else
     * that locks them does.
     */
    private static final MultiRowStatement<Write.Complete> APPEND_SEARCHES = MultiRowStatement.withRows("added",
            List.of("log_id", "output", "appended"), """
                    UPDATE log_search SET body = CASE WHEN log_search.body = '' THEN added.output ELSE log_search.body || added.appended END
                    FROM added WHERE log_search.log_id = added.log_id""",
            (statement, first, complete) -> new Binder(statement, first).text(complete.completion().id())
                    .text(complete.searchedOutput()).text("\n" + complete.searchedOutput()));

    /** One write: a new row, rows stored together, or the completion of a streamed one. */
    private sealed interface Write {
        record Insert(NewRow row) implements Write {
        }

        /** Rows committed all or none: when a shared batch fails, group commit retries each write alone, and this is one. */
        record InsertAll(List<NewRow> rows) implements Write {
        }

        /** A completion with its texts as stored ({@link StoredTexts}), and the output as searched, or null. */
        record Complete(LogCompletion completion, String outputRefs, String searchedOutput) implements Write {
            static Complete of(LogCompletion whole) {
                StoredTexts.PackedOutput texts = StoredTexts.packOutput(null, whole.output(), whole.rawOutput(),
                        whole.outputMessage(), whole.providerResponse());
                LogCompletion stored = new LogCompletion(whole.id(), whole.status(), whole.output(), texts.rawOutput(),
                        texts.outputMessage(), whole.finishReason(), whole.promptTokens(), whole.outputTokens(),
                        whole.providerLatency(), whole.error(), texts.providerResponse(), whole.updatedAt(), whole.cost());
                return new Complete(stored, texts.refs(), whole.output() == null ? null : SearchText.appended("", whole.output()));
            }
        }
    }

    /**
     * A row as it is written, worked out before it reaches the one writer thread: its texts as
     * stored, with their references ({@link StoredTexts}), and its searched text, or null when it
     * has none.
     */
    private record NewRow(LogRecord record, String requestRefs, String outputRefs, String search) {
        static NewRow of(LogRecord whole) {
            StoredTexts.PackedRequest request = StoredTexts.packRequest(whole.messages(), whole.providerRequest());
            StoredTexts.PackedOutput output = StoredTexts.packOutput(whole.messages(), whole.output(), whole.rawOutput(),
                    whole.outputMessage(), whole.providerResponse());
            return new NewRow(StoredTexts.stored(whole, request, output), request.refs(), output.refs(), whole.saved()
                    ? SearchText.of(whole.inputs(), whole.metadata(), whole.messages(), whole.output())
                    : null);
        }
    }

    /** By reference id (rows without one last), then by id. */
    private static final Comparator<NewRow> INSERT_ORDER = Comparator
            .comparing((NewRow row) -> row.record().referenceId(), Comparator.nullsLast(Comparator.<String>naturalOrder()))
            .thenComparing(row -> row.record().id());

    private final GroupCommit<Write> commits;
    private final Dialect dialect;
    private final PreparedStatements statements = new PreparedStatements();

    /** Starts the writer on {@code jdbi}, with as many concurrent transactions as {@code dialect} gains from. */
    public LogWriter(Jdbi jdbi, Dialect dialect) {
        this.dialect = dialect;
        this.commits = new GroupCommit<>("logs", jdbi, this::write, MAX_BATCH, dialect.groupCommitWriters());
    }

    /** Inserts {@code records}; completes once they are committed. */
    public CompletableFuture<Void> insert(List<LogRecord> records) {
        return commits.submitAll(records.stream().<Write>map(record -> new Write.Insert(NewRow.of(record))).toList());
    }

    /**
     * Inserts {@code records} as one unit: all are committed, or none (when one of them cannot be
     * stored, e.g. for a taken reference id); completes once they are committed.
     */
    public CompletableFuture<Void> insertAllOrNone(List<LogRecord> records) {
        return commits.submit(new Write.InsertAll(records.stream().map(NewRow::of).toList()));
    }

    /** Records the end of a streamed log; completes once committed. */
    public CompletableFuture<Void> complete(LogCompletion completion) {
        return commits.submit(Write.Complete.of(completion));
    }

    private void write(Handle handle, List<Write> writes) {
        List<NewRow> inserts = new ArrayList<>();
        List<Write.Complete> completions = new ArrayList<>();
        for (Write write : writes) {
            switch (write) {
                case Write.Insert insert -> inserts.add(insert.row());
                case Write.InsertAll all -> inserts.addAll(all.rows());
                case Write.Complete complete -> completions.add(complete);
            }
        }
        // Rows in one order, so that transactions wait for each other instead of deadlocking:
        // completions lock their rows by id, as feedback and deletes do; new rows go by
        // reference id, so that two batches holding some of the same ones wait on them in turn.
        inserts.sort(INSERT_ORDER);
        completions.sort(Comparator.comparing(complete -> complete.completion().id()));
        // Plain JDBC batches of statements prepared once per connection: this is the hottest write
        // path, and binding each row's columns through Jdbi's reflective argument lookup cost about
        // as much as the insert itself.
        try {
            Connection connection = handle.getConnection();
            if (!inserts.isEmpty()) {
                PreparedStatement insert = statements.on(connection, INSERT);
                for (NewRow row : inserts) {
                    bindInsert(insert, row);
                    insert.addBatch();
                }
                insert.executeBatch();
                List<NewRow> searched = new ArrayList<>(inserts.size());
                for (NewRow row : inserts) {
                    if (row.search() != null) {
                        searched.add(row);
                    }
                }
                INSERT_SEARCH.run(statements, connection, searched);
            }
            if (!completions.isEmpty()) {
                PreparedStatement complete = statements.on(connection, COMPLETE);
                for (Write.Complete completion : completions) {
                    bindCompletion(complete, completion);
                    complete.addBatch();
                }
                complete.executeBatch();
                List<Write.Complete> searched = new ArrayList<>(completions.size());
                for (Write.Complete completion : completions) {
                    if (completion.searchedOutput() != null && !completion.searchedOutput().isEmpty()) {
                        searched.add(completion);
                    }
                }
                appendSearches(connection, searched);
            }
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    private void appendSearches(Connection connection, List<Write.Complete> searched) throws SQLException {
        if (dialect == Dialect.SQLITE) {
            APPEND_SEARCHES.run(statements, connection, searched);
            return;
        }
        if (searched.isEmpty()) {
            return;
        }
        PreparedStatement search = statements.on(connection, APPEND_SEARCH);
        for (Write.Complete completion : searched) {
            new Binder(search, 1).text(completion.searchedOutput()).text("\n" + completion.searchedOutput())
                    .text(completion.completion().id());
            search.addBatch();
        }
        search.executeBatch();
    }

    private static void bindInsert(PreparedStatement statement, NewRow row) throws SQLException {
        LogRecord r = row.record();
        Binder bind = new Binder(statement, 1);
        bind.text(r.id()).text(r.projectId()).text(r.sessionId()).text(r.parentId()).text(r.referenceId())
                .text(r.configId()).text(r.experimentId()).text(r.trialId()).text(r.environmentId()).text(r.status())
                .text(r.nodeId()).text(r.source()).text(r.user()).text(r.metadata()).text(r.inputs()).text(r.messages())
                .text(r.output()).text(r.rawOutput()).text(r.outputMessage()).text(r.toolChoice()).text(r.finishReason())
                .integer(r.promptTokens()).integer(r.outputTokens()).real(r.providerLatency()).real(r.duration()).text(r.error())
                .text(r.providerRequest()).text(r.providerResponse()).text(r.sourceDatapointId()).bool(r.saved())
                .bigint(r.createdAt()).bigint(r.updatedAt()).text(row.requestRefs()).text(row.outputRefs())
                .text(r.provider()).text(r.model()).text(r.apiKeyId()).integer(r.cachedInputTokens()).integer(r.cacheWriteTokens()).integer(r.reasoningTokens())
                .nullableBigint(r.costPicoUsd()).nullableBool(r.costEstimated())
                .text(r.attempts()).text(r.requestedConfigId());
    }

    private static void bindCompletion(PreparedStatement statement, Write.Complete complete) throws SQLException {
        LogCompletion c = complete.completion();
        new Binder(statement, 1).text(c.status()).text(c.output()).text(c.rawOutput()).text(c.outputMessage())
                .text(c.finishReason()).integer(c.promptTokens()).integer(c.outputTokens()).real(c.providerLatency())
                .text(c.error()).text(c.providerResponse()).bigint(c.updatedAt()).text(complete.outputRefs())
                .integer(c.cost().cachedInputTokens()).integer(c.cost().cacheWriteTokens())
                .integer(c.cost().reasoningTokens()).nullableBigint(c.cost().picoUsd()).nullableBool(c.cost().estimated()).text(c.id());
    }

    /** Binds a statement's parameters in order from a first one, nulls with their SQL type. */
    private static final class Binder {
        private final PreparedStatement statement;
        private int position;

        Binder(PreparedStatement statement, int first) {
            this.statement = statement;
            this.position = first - 1;
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

        Binder nullableBigint(Long value) throws SQLException {
            if (value == null) {
                statement.setNull(++position, Types.BIGINT);
            } else {
                statement.setLong(++position, value);
            }
            return this;
        }

        Binder nullableBool(Boolean value) throws SQLException {
            if (value == null) {
                statement.setNull(++position, Types.BOOLEAN);
            } else {
                statement.setBoolean(++position, value);
            }
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
                throw Refusal.conflict("A log of this request has a reference_id another log holds");
            }
            System.getLogger(LogWriter.class.getName()).log(System.Logger.Level.WARNING,
                    "logs could not be stored: " + StoreFailures.describe(cause));
            throw Refusal.unavailable("The logs of this request could not be stored");
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

    /** The meters of this writer's group commit ({@code writer="logs"}). */
    public MeterBinder metrics() {
        return new GroupCommitMetrics("logs", commits);
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
