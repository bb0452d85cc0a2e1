package dev.openloop.server.chat;

import dev.openloop.server.chatlog.LogCompletion;
import dev.openloop.server.chatlog.LogRecord;
import dev.openloop.server.http.Json;

/**
 * Builds the log rows of chat samples. A request with {@code save: false} keeps its rows but not
 * their payloads: no messages, inputs, outputs, or provider bodies.
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
        boolean save = plan.save();
        long now = System.currentTimeMillis();
        ResolvedConfig config = call.config();
        return new LogRecord(
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
                save ? Json.text(plan.inputs()) : null,
                save ? Json.text(call.messages()) : null,
                save ? result.text().strip() : null,
                save ? result.text() : null,
                save ? Json.text(ChatResponses.outputMessage(result.text(), result.toolCalls())) : null,
                Json.text(ChatPlanner.effectiveToolChoice(plan.request())),
                result.finishReason(),
                result.usage() == null ? null : result.usage().promptTokens(),
                result.usage() == null ? null : result.usage().generationTokens(),
                result.latency() == null ? null : result.latency().toNanos() / 1e9,
                null,
                result.error(),
                save ? Json.text(result.providerRequest()) : null,
                save ? Json.text(result.providerResponse()) : null,
                plan.request().sourceDatapointId(),
                save,
                now,
                now);
    }

    /** What a finished or cut stream adds to a sample's row. */
    static LogCompletion completion(ChatPlan plan, String logId, String status, SampleResult result) {
        boolean save = plan.save();
        return new LogCompletion(
                logId,
                status,
                save ? result.text().strip() : null,
                save ? result.text() : null,
                save ? Json.text(ChatResponses.outputMessage(result.text(), result.toolCalls())) : null,
                result.finishReason(),
                result.usage() == null ? null : result.usage().promptTokens(),
                result.usage() == null ? null : result.usage().generationTokens(),
                result.latency() == null ? null : result.latency().toNanos() / 1e9,
                result.error(),
                save ? Json.text(result.providerResponse()) : null,
                System.currentTimeMillis());
    }
}
