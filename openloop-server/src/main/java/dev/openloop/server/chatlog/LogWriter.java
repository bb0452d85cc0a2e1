package dev.openloop.server.chatlog;

import dev.openloop.server.http.ApiException;
import dev.openloop.server.store.GroupCommit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Writes logs through group commit: the rows of concurrent requests share transactions, each
 * kind as one batched statement. Callers wait on the returned future, so an answer that names a
 * log is sent only once the log is committed.
 */
public final class LogWriter implements AutoCloseable {
    private static final int MAX_BATCH = 500;

    private static final String INSERT = """
            INSERT INTO logs (id, project_id, session_id, parent_id, reference_id, config_id, experiment_id, trial_id,
                environment_id, status, node_id, source, end_user, metadata, inputs, messages, output, raw_output,
                output_message, tool_choice, finish_reason, prompt_tokens, output_tokens, provider_latency, duration, error,
                provider_request, provider_response, source_datapoint_id, saved, created_at, updated_at)
            VALUES (:id, :projectId, :sessionId, :parentId, :referenceId, :configId, :experimentId, :trialId,
                :environmentId, :status, :nodeId, :source, :user, :metadata, :inputs, :messages, :output, :rawOutput,
                :outputMessage, :toolChoice, :finishReason, :promptTokens, :outputTokens, :providerLatency, :duration, :error,
                :providerRequest, :providerResponse, :sourceDatapointId, :saved, :createdAt, :updatedAt)""";

    private static final String COMPLETE = """
            UPDATE logs SET status = :status, node_id = NULL, output = :output, raw_output = :rawOutput,
                output_message = :outputMessage, finish_reason = :finishReason, prompt_tokens = :promptTokens,
                output_tokens = :outputTokens, provider_latency = :providerLatency, error = :error,
                provider_response = :providerResponse, updated_at = :updatedAt
            WHERE id = :id""";

    /** One write: a new row, or the completion of a streamed one. */
    private sealed interface Write {
        record Insert(LogRecord record) implements Write {
        }

        record Complete(LogCompletion completion) implements Write {
        }
    }

    private final GroupCommit<Write> commits;

    public LogWriter(Jdbi jdbi) {
        this.commits = new GroupCommit<>("logs", jdbi, LogWriter::write, MAX_BATCH);
    }

    /** Inserts {@code records}; completes once they are committed. */
    public CompletableFuture<Void> insert(List<LogRecord> records) {
        return commits.submitAll(records.stream().<Write>map(Write.Insert::new).toList());
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
                case Write.Complete complete -> completions.add(complete.completion());
            }
        }
        if (!inserts.isEmpty()) {
            PreparedBatch batch = handle.prepareBatch(INSERT);
            inserts.forEach(record -> bind(batch, record).add());
            batch.execute();
        }
        if (!completions.isEmpty()) {
            PreparedBatch batch = handle.prepareBatch(COMPLETE);
            completions.forEach(completion -> bind(batch, completion).add());
            batch.execute();
        }
    }

    // Bound by hand rather than by reflection: this runs for every log row, on the writer thread
    // every request waits for.
    private static PreparedBatch bind(PreparedBatch batch, LogRecord r) {
        return batch.bind("id", r.id())
                .bind("projectId", r.projectId())
                .bind("sessionId", r.sessionId())
                .bind("parentId", r.parentId())
                .bind("referenceId", r.referenceId())
                .bind("configId", r.configId())
                .bind("experimentId", r.experimentId())
                .bind("trialId", r.trialId())
                .bind("environmentId", r.environmentId())
                .bind("status", r.status())
                .bind("nodeId", r.nodeId())
                .bind("source", r.source())
                .bind("user", r.user())
                .bind("metadata", r.metadata())
                .bind("inputs", r.inputs())
                .bind("messages", r.messages())
                .bind("output", r.output())
                .bind("rawOutput", r.rawOutput())
                .bind("outputMessage", r.outputMessage())
                .bind("toolChoice", r.toolChoice())
                .bind("finishReason", r.finishReason())
                .bind("promptTokens", r.promptTokens())
                .bind("outputTokens", r.outputTokens())
                .bind("providerLatency", r.providerLatency())
                .bind("duration", r.duration())
                .bind("error", r.error())
                .bind("providerRequest", r.providerRequest())
                .bind("providerResponse", r.providerResponse())
                .bind("sourceDatapointId", r.sourceDatapointId())
                .bind("saved", r.saved())
                .bind("createdAt", r.createdAt())
                .bind("updatedAt", r.updatedAt());
    }

    private static PreparedBatch bind(PreparedBatch batch, LogCompletion c) {
        return batch.bind("id", c.id())
                .bind("status", c.status())
                .bind("output", c.output())
                .bind("rawOutput", c.rawOutput())
                .bind("outputMessage", c.outputMessage())
                .bind("finishReason", c.finishReason())
                .bind("promptTokens", c.promptTokens())
                .bind("outputTokens", c.outputTokens())
                .bind("providerLatency", c.providerLatency())
                .bind("error", c.error())
                .bind("providerResponse", c.providerResponse())
                .bind("updatedAt", c.updatedAt());
    }

    /** Waits for a commit; 503 when it failed, since nothing was stored. */
    public static void await(CompletableFuture<Void> commit) {
        try {
            commit.join();
        } catch (CompletionException e) {
            throw ApiException.unavailable("The logs of this request could not be stored: " + e.getCause().getMessage());
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

    /** Writes everything queued, then stops. */
    @Override
    public void close() {
        commits.close();
    }
}
