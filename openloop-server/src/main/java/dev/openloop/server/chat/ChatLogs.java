package dev.openloop.server.chat;

import dev.openloop.api.error.ProviderErrorDetail;
import dev.openloop.server.chatlog.LogCompletion;
import dev.openloop.server.chatlog.LogRecord;
import dev.openloop.server.chatlog.LogSaving;
import dev.openloop.server.http.ApiException;
import dev.openloop.server.json.Json;

/**
 * Builds the log rows of chat samples. What a request with {@code save: false} keeps is
 * {@link LogSaving}'s rule, the same as for {@code POST /logs}; its error text, which only this
 * class can word, says who failed and how but not the message.
 */
final class ChatLogs {
    private ChatLogs() {
    }

    /**
     * The row of sample {@code position} of {@code call}.
     *
     * @param status a {@link dev.openloop.server.chatlog.LogStatus}
     * @param nodeId the node, for rows that are still streaming; else null
     * @param result what the sample came to so far
     */
    static LogRecord record(ChatPlan plan, PlannedCall call, int position, String status, String nodeId,
            SampleResult result) {
        long now = System.currentTimeMillis();
        ResolvedConfig config = call.config();
        return LogSaving.row(plan.save(), new LogRecord(
                call.logIds().get(position),
                plan.projectId(),
                plan.sessionId(),
                plan.parentId(),
                null,
                config.stored().id(),
                config.experimentId(),
                config.trialId(),
                config.environmentId(),
                status,
                nodeId,
                plan.request().source(),
                plan.request().user(),
                Json.text(plan.request().metadata()),
                Json.text(plan.inputs()),
                Json.text(call.messages()),
                result.text().strip(),
                result.text(),
                Json.text(OutputMessages.of(result.text(), result.toolCalls())),
                Json.text(ChatPlanner.effectiveToolChoice(plan.request())),
                result.finishReason(),
                result.usage() == null ? null : result.usage().promptTokens(),
                result.usage() == null ? null : result.usage().generationTokens(),
                result.latency() == null ? null : result.latency().toNanos() / 1e9,
                null,
                result.error(),
                Json.text(result.providerRequest()),
                Json.text(result.providerResponse()),
                plan.request().sourceDatapointId(),
                true,
                now,
                now));
    }

    /**
     * How a failure is recorded in a log's {@code error}: who failed, how, and the message; with
     * {@code save: false}, without the message.
     */
    static String errorText(ChatPlan plan, ApiException e) {
        if (e.detail() instanceof ProviderErrorDetail detail) {
            String kind = detail.origin() + " " + detail.type() + " (" + detail.code() + ")";
            return plan.save() ? kind + ": " + detail.message() : kind;
        }
        return plan.save() ? e.getMessage() : "OpenLoop error (" + e.status() + ")";
    }

    /** What a finished or cut stream adds to a sample's row. */
    static LogCompletion completion(ChatPlan plan, String logId, String status, SampleResult result) {
        return LogSaving.completion(plan.save(), new LogCompletion(
                logId,
                status,
                result.text().strip(),
                result.text(),
                Json.text(OutputMessages.of(result.text(), result.toolCalls())),
                result.finishReason(),
                result.usage() == null ? null : result.usage().promptTokens(),
                result.usage() == null ? null : result.usage().generationTokens(),
                result.latency() == null ? null : result.latency().toNanos() / 1e9,
                result.error(),
                Json.text(result.providerResponse()),
                System.currentTimeMillis()));
    }
}
