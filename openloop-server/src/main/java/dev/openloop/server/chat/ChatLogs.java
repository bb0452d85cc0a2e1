package dev.openloop.server.chat;

import dev.openloop.server.chatlog.LogCompletion;
import dev.openloop.server.chatlog.LogCost;
import dev.openloop.server.chatlog.LogRecord;
import dev.openloop.server.chatlog.LogSaving;
import dev.openloop.server.json.Json;

/**
 * Builds the log rows of chat samples. What a request with {@code save: false} keeps is
 * {@link LogSaving}'s rule, the same as for {@code POST /logs}; its error text ({@link FailureText})
 * says who failed and how but not the message.
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
        return record(plan, call, position, status, nodeId, result, null, null);
    }

    /**
     * The row of sample {@code position} of {@code call}, made by way of {@code routed}: its
     * config is the one that answered ({@code routed.answered()}), the one asked for is kept when
     * it differs, and its attempts when there were several.
     */
    static LogRecord record(ChatPlan plan, PlannedCall requested, int position, String status, String nodeId,
            SampleResult result, CallRouting.Routed<?> routed) {
        PlannedCall answered = routed.answered();
        String requestedConfigId = requested.config().stored().id().equals(answered.config().stored().id())
                ? null : requested.config().stored().id();
        return record(plan, answered, position, status, nodeId, result,
                routed.logged() == null ? null : Json.text(routed.logged()), requestedConfigId);
    }

    private static LogRecord record(ChatPlan plan, PlannedCall call, int position, String status, String nodeId,
            SampleResult result, String attempts, String requestedConfigId) {
        long now = System.currentTimeMillis();
        ResolvedConfig config = call.config();
        return LogSaving.row(plan.save(), LogRecord.builder(call.logIds().get(position))
                .projectId(plan.projectId())
                .sessionId(plan.sessionId())
                .parentId(plan.parentId())
                .configId(config.stored().id())
                .experimentId(config.experimentId())
                .trialId(config.trialId())
                .environmentId(config.environmentId())
                .status(status)
                .nodeId(nodeId)
                .source(plan.call().recording().source())
                .user(plan.call().user())
                .metadata(Json.text(plan.call().recording().metadata()))
                .inputs(Json.text(plan.inputs()))
                .messages(Json.text(call.messages()))
                .output(result.text().strip())
                .rawOutput(result.text())
                .outputMessage(Json.text(OutputMessages.of(result.text(), result.toolCalls())))
                .toolChoice(Json.text(plan.call().toolChoice()))
                .finishReason(result.finishReason())
                .promptTokens(result.usage() == null ? null : result.usage().promptTokens())
                .outputTokens(result.usage() == null ? null : result.usage().generationTokens())
                .providerLatency(result.latency() == null ? null : result.latency().toNanos() / 1e9)
                .error(result.error())
                .providerRequest(Json.text(result.providerRequest()))
                .providerResponse(Json.text(result.providerResponse()))
                .sourceDatapointId(plan.call().recording().sourceDatapointId())
                .saved(true)
                .createdAt(now)
                .updatedAt(now)
                .provider(call.request().config().provider().wire())
                .model(call.request().config().model())
                .apiKeyId(plan.call().recording().apiKeyId())
                .cachedInputTokens(result.detail().cachedInputTokens())
                .cacheWriteTokens(result.detail().cacheWriteTokens())
                .reasoningTokens(result.detail().reasoningTokens())
                .costPicoUsd(result.cost().picoUsd())
                .costEstimated(result.cost().known() ? result.cost().estimated() : null)
                .attempts(attempts)
                .requestedConfigId(requestedConfigId)
                .build());
    }

    /** How a failure is recorded in a log's {@code error}; see {@link FailureText}. */
    static String errorText(ChatPlan plan, RuntimeException failure) {
        return FailureText.of(failure, plan.save());
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
                System.currentTimeMillis(),
                new LogCost(result.detail().cachedInputTokens(), result.detail().cacheWriteTokens(),
                        result.detail().reasoningTokens(), result.cost().picoUsd(),
                        result.cost().known() ? result.cost().estimated() : null)));
    }
}
