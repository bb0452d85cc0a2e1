package dev.openloop.server.chat;

import dev.openloop.api.error.ProviderErrorDetail;
import dev.openloop.server.chatlog.LogCompletion;
import dev.openloop.server.chatlog.LogRecord;
import dev.openloop.server.http.ApiException;
import dev.openloop.server.http.Json;

/**
 * Builds the log rows of chat samples. A request with {@code save: false} (spec: "whether to
 * store the request and response") keeps its rows, so that its calls are counted and can be
 * given feedback, but nothing the caller sent or the model generated: no messages, inputs,
 * outputs, tool calls or {@code tool_choice}, no {@code metadata}, {@code user} or
 * {@code source}, no provider bodies, and an error without its message (a provider's message can
 * quote the prompt). What stays: where the log belongs (project, session, parent, config,
 * experiment, trial, environment, source datapoint), its status, finish reason, token counts,
 * latency and times.
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
                save ? plan.request().source() : null,
                save ? plan.request().user() : null,
                save ? Json.text(plan.request().metadata()) : null,
                save ? Json.text(plan.inputs()) : null,
                save ? Json.text(call.messages()) : null,
                save ? result.text().strip() : null,
                save ? result.text() : null,
                save ? Json.text(ChatResponses.outputMessage(result.text(), result.toolCalls())) : null,
                save ? Json.text(ChatPlanner.effectiveToolChoice(plan.request())) : null,
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
