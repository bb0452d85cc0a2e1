package dev.openloop.server.door.v4;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ToolChoice;
import dev.openloop.api.feedback.FeedbackResponse;
import dev.openloop.api.log.LogCost;
import dev.openloop.api.log.LogResponse;
import dev.openloop.server.chatlog.LogRecord;
import dev.openloop.server.chatlog.LogStore;
import dev.openloop.server.cost.Cost;
import dev.openloop.server.environment.Environment;
import dev.openloop.server.environment.EnvironmentStore;
import dev.openloop.server.feedback.FeedbackStore;
import dev.openloop.server.json.Json;
import dev.openloop.server.modelconfig.ModelConfigResponses;
import dev.openloop.server.modelconfig.ModelConfigStore;
import dev.openloop.server.store.Timestamps;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Stored logs as v4 answers them, with their config, environment, current feedback and the names they refer to. */
public final class LogResponses {
    private final ModelConfigStore configs;
    private final EnvironmentStore environments;
    private final FeedbackStore feedback;
    private final LogStore logs;

    public LogResponses(ModelConfigStore configs, EnvironmentStore environments, FeedbackStore feedback, LogStore logs) {
        this.configs = configs;
        this.environments = environments;
        this.feedback = feedback;
        this.logs = logs;
    }

    /** The answer for one log. */
    public LogResponse of(LogRecord row) {
        return of(List.of(row)).getFirst();
    }

    /** The answers for a page of logs, in the same order; feedback and names are read for the whole page at once. */
    public List<LogResponse> of(List<LogRecord> rows) {
        Page page = page(rows.stream().map(LogRecord::id).toList());
        return rows.stream().map(page::response).toList();
    }

    /**
     * What the answers of the logs {@code ids} refer to, read at once, so that a listing can then
     * build each answer as it reads its row.
     */
    public Page page(List<String> ids) {
        return new Page(feedback.currentOf(ids), logs.namesOf(ids), environments.list().stream()
                .collect(Collectors.toMap(Environment::id, Environment::name)));
    }

    /** The feedback, names and environment names of a page of logs. */
    public final class Page {
        private final Map<String, List<FeedbackResponse>> feedback;
        private final Map<String, LogStore.Names> names;
        private final Map<String, String> environmentNames;

        private Page(Map<String, List<FeedbackResponse>> feedback, Map<String, LogStore.Names> names,
                Map<String, String> environmentNames) {
            this.feedback = feedback;
            this.names = names;
            this.environmentNames = environmentNames;
        }

        /** The answer for {@code row}, one of the page's logs. */
        public LogResponse response(LogRecord row) {
            return LogResponses.this.response(row, feedback.getOrDefault(row.id(), List.of()),
                    names.getOrDefault(row.id(), LogStore.Names.NONE), environmentNames);
        }
    }

    private LogResponse response(LogRecord row, List<FeedbackResponse> currentFeedback, LogStore.Names names,
            Map<String, String> environmentNames) {
        Integer tokens = row.promptTokens() == null && row.outputTokens() == null ? null
                : (row.promptTokens() == null ? 0 : row.promptTokens()) + (row.outputTokens() == null ? 0 : row.outputTokens());
        return new LogResponse(
                row.id(),
                names.project(),
                row.projectId(),
                row.sessionId(),
                names.sessionReferenceId(),
                row.parentId(),
                names.parentReferenceId(),
                row.referenceId(),
                row.trialId(),
                row.experimentId(),
                Json.map(row.inputs()),
                row.source(),
                Json.map(row.metadata()),
                row.saved(),
                row.sourceDatapointId(),
                row.messages() == null ? null : Arrays.asList(Json.parse(row.messages(), ChatMessage[].class)),
                row.output(),
                row.rawOutput(),
                Json.parse(row.outputMessage(), ChatMessage.class),
                row.finishReason(),
                row.configId(),
                row.configId() == null ? null : configs.find(row.configId()).map(ModelConfigResponses::withoutFallbacks).orElse(null),
                row.environmentId() == null ? null : environmentNames.get(row.environmentId()),
                currentFeedback,
                Timestamps.at(row.createdAt()),
                Timestamps.at(row.updatedAt()),
                row.error(),
                row.duration(),
                row.providerLatency(),
                row.promptTokens(),
                row.outputTokens(),
                tokens,
                row.user(),
                Json.parse(row.toolChoice(), ToolChoice.class),
                Json.tree(row.providerRequest()),
                Json.tree(row.providerResponse()),
                row.status(),
                List.of(),
                List.of(),
                List.of(),
                "completed",
                new LogCost(Cost.text(Cost.usd(row.costPicoUsd())), row.costPicoUsd() == null ? null
                        : Boolean.TRUE.equals(row.costEstimated()), row.provider(), row.model(), row.cachedInputTokens(),
                        row.cacheWriteTokens(), row.reasoningTokens(), row.apiKeyId()),
                row.requestedConfigId(),
                Json.tree(row.attempts()));
    }
}
