package dev.openloop.server.chat;

import com.fasterxml.jackson.databind.JsonNode;
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
        return record(plan, call, position, status, nodeId, result,
                SharedTexts.of(plan, call, result.providerRequest(), result.providerResponse(), null), null);
    }

    /**
     * The row of sample {@code position} of {@code call}, made by way of {@code routed}: its
     * config is the one that answered ({@code routed.answered()}), the one asked for is kept when
     * it differs, and its attempts when there were several.
     */
    static LogRecord record(ChatPlan plan, PlannedCall requested, int position, String status, String nodeId,
            SampleResult result, CallRouting.Routed<?> routed) {
        return record(plan, requested, position, status, nodeId, result, routed,
                SharedTexts.of(plan, routed.answered(), result.providerRequest(), result.providerResponse(), routed));
    }

    /**
     * As {@link #record(ChatPlan, PlannedCall, int, String, String, SampleResult, CallRouting.Routed)},
     * with the JSON columns every sample of the call shares already written ({@link SharedTexts}).
     */
    static LogRecord record(ChatPlan plan, PlannedCall requested, int position, String status, String nodeId,
            SampleResult result, CallRouting.Routed<?> routed, SharedTexts shared) {
        PlannedCall answered = routed.answered();
        String requestedConfigId = requested.config().stored().id().equals(answered.config().stored().id())
                ? null : requested.config().stored().id();
        return record(plan, answered, position, status, nodeId, result, shared, requestedConfigId);
    }

    /**
     * The JSON columns that the rows of every sample of one provider call hold alike, written once
     * for all of them rather than once per sample.
     */
    record SharedTexts(String metadata, String inputs, String messages, String toolChoice, String providerRequest,
            String providerResponse, String attempts) {

        static SharedTexts of(ChatPlan plan, PlannedCall call, JsonNode providerRequest, JsonNode providerResponse,
                CallRouting.Routed<?> routed) {
            return new SharedTexts(
                    Json.text(plan.call().recording().metadata()),
                    Json.text(plan.inputs()),
                    Json.text(call.messages()),
                    Json.text(plan.call().toolChoice()),
                    Json.text(providerRequest),
                    Json.text(providerResponse),
                    routed == null || routed.logged() == null ? null : Json.text(routed.logged()));
        }
    }

    private static LogRecord record(ChatPlan plan, PlannedCall call, int position, String status, String nodeId,
            SampleResult result, SharedTexts shared, String requestedConfigId) {
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
                .metadata(shared.metadata())
                .inputs(shared.inputs())
                .messages(shared.messages())
                .output(result.text().strip())
                .rawOutput(result.text())
                .outputMessage(Json.text(OutputMessages.of(result.text(), result.toolCalls())))
                .toolChoice(shared.toolChoice())
                .finishReason(result.finishReason())
                .promptTokens(result.usage() == null ? null : result.usage().promptTokens())
                .outputTokens(result.usage() == null ? null : result.usage().generationTokens())
                .providerLatency(result.latency() == null ? null : result.latency().toNanos() / 1e9)
                .error(result.error())
                .providerRequest(shared.providerRequest())
                .providerResponse(shared.providerResponse())
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
                .attempts(shared.attempts())
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
