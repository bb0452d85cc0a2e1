package dev.openloop.server.chatlog;

import org.jdbi.v3.core.mapper.reflect.ColumnName;

/**
 * A log row, as written and as read back; made with {@link #builder} or changed with {@link #toBuilder}. JSON-valued columns are held as JSON text; a log made with
 * {@code save: false} has its payload columns null.
 *
 * @param id {@code data_…}
 * @param projectId the project, or null
 * @param sessionId the session, or null
 * @param parentId the parent log, or null
 * @param referenceId the caller's own key, or null
 * @param configId the config that produced it
 * @param experimentId the experiment it was drawn from, or null
 * @param trialId the experiment trial, or null
 * @param environmentId the environment of the deployment used, or null
 * @param status a {@link LogStatus} value
 * @param nodeId the node streaming it, while streaming
 * @param source free-text label
 * @param user the end user
 * @param metadata JSON object
 * @param inputs JSON object
 * @param messages JSON array: the whole prompt
 * @param output trimmed text
 * @param rawOutput text as generated
 * @param outputMessage JSON object
 * @param toolChoice JSON: the tool choice asked for
 * @param finishReason v4 finish reason
 * @param promptTokens tokens of the prompt
 * @param outputTokens tokens generated
 * @param providerLatency seconds
 * @param duration seconds, as a caller of POST /logs gave it
 * @param error what failed, or null
 * @param providerRequest JSON: the body sent to the provider
 * @param providerResponse JSON: what the provider answered
 * @param sourceDatapointId dataset datapoint, or null
 * @param saved whether payloads were kept
 * @param createdAt epoch milliseconds
 * @param updatedAt epoch milliseconds
 * @param provider the provider that answered (v4's name), or null when no provider was called
 * @param model the model that answered, or null
 * @param apiKeyId the id of the API key that made the call ({@code key_…}), or null
 * @param cachedInputTokens the part of {@code promptTokens} read from the provider's cache, or null
 * @param cacheWriteTokens the part of {@code promptTokens} written to the provider's cache, or null
 * @param reasoningTokens the part of {@code outputTokens} spent on reasoning, or null
 * @param costPicoUsd what it cost in picodollars (10⁻¹² USD), or null when unknown
 * @param costEstimated whether the cost is priced on estimated tokens; null when there is no cost
 * @param attempts JSON array: each provider attempt the answer took (config, provider, model, outcome,
 *     latency), when it took more than one; else null
 * @param requestedConfigId the config the call asked for, when another one (a fallback) answered; else null
 */
public record LogRecord(
        String id,
        String projectId,
        String sessionId,
        String parentId,
        String referenceId,
        String configId,
        String experimentId,
        String trialId,
        String environmentId,
        String status,
        String nodeId,
        String source,
        @ColumnName("end_user") String user,
        String metadata,
        String inputs,
        String messages,
        String output,
        String rawOutput,
        String outputMessage,
        String toolChoice,
        String finishReason,
        Integer promptTokens,
        Integer outputTokens,
        Double providerLatency,
        Double duration,
        String error,
        String providerRequest,
        String providerResponse,
        String sourceDatapointId,
        boolean saved,
        long createdAt,
        long updatedAt,
        String provider,
        String model,
        String apiKeyId,
        Integer cachedInputTokens,
        Integer cacheWriteTokens,
        Integer reasoningTokens,
        Long costPicoUsd,
        Boolean costEstimated,
        String attempts,
        String requestedConfigId) {

    /** A new log with id {@code id}, every other column empty (not saved, no times) until set. */
    public static Builder builder(String id) {
        return new Builder().id(id);
    }

    /** A builder holding this row's columns, to change some of them. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.id = id;
        builder.projectId = projectId;
        builder.sessionId = sessionId;
        builder.parentId = parentId;
        builder.referenceId = referenceId;
        builder.configId = configId;
        builder.experimentId = experimentId;
        builder.trialId = trialId;
        builder.environmentId = environmentId;
        builder.status = status;
        builder.nodeId = nodeId;
        builder.source = source;
        builder.user = user;
        builder.metadata = metadata;
        builder.inputs = inputs;
        builder.messages = messages;
        builder.output = output;
        builder.rawOutput = rawOutput;
        builder.outputMessage = outputMessage;
        builder.toolChoice = toolChoice;
        builder.finishReason = finishReason;
        builder.promptTokens = promptTokens;
        builder.outputTokens = outputTokens;
        builder.providerLatency = providerLatency;
        builder.duration = duration;
        builder.error = error;
        builder.providerRequest = providerRequest;
        builder.providerResponse = providerResponse;
        builder.sourceDatapointId = sourceDatapointId;
        builder.saved = saved;
        builder.createdAt = createdAt;
        builder.updatedAt = updatedAt;
        builder.provider = provider;
        builder.model = model;
        builder.apiKeyId = apiKeyId;
        builder.cachedInputTokens = cachedInputTokens;
        builder.cacheWriteTokens = cacheWriteTokens;
        builder.reasoningTokens = reasoningTokens;
        builder.costPicoUsd = costPicoUsd;
        builder.costEstimated = costEstimated;
        builder.attempts = attempts;
        builder.requestedConfigId = requestedConfigId;
        return builder;
    }

    /** Builds a row column by column, by name: a row has too many columns to pass by position. */
    public static final class Builder {
        private String id;
        private String projectId;
        private String sessionId;
        private String parentId;
        private String referenceId;
        private String configId;
        private String experimentId;
        private String trialId;
        private String environmentId;
        private String status;
        private String nodeId;
        private String source;
        private String user;
        private String metadata;
        private String inputs;
        private String messages;
        private String output;
        private String rawOutput;
        private String outputMessage;
        private String toolChoice;
        private String finishReason;
        private Integer promptTokens;
        private Integer outputTokens;
        private Double providerLatency;
        private Double duration;
        private String error;
        private String providerRequest;
        private String providerResponse;
        private String sourceDatapointId;
        private boolean saved;
        private long createdAt;
        private long updatedAt;
        private String provider;
        private String model;
        private String apiKeyId;
        private Integer cachedInputTokens;
        private Integer cacheWriteTokens;
        private Integer reasoningTokens;
        private Long costPicoUsd;
        private Boolean costEstimated;
        private String attempts;
        private String requestedConfigId;

        private Builder() {
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder projectId(String projectId) {
            this.projectId = projectId;
            return this;
        }

        public Builder sessionId(String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        public Builder parentId(String parentId) {
            this.parentId = parentId;
            return this;
        }

        public Builder referenceId(String referenceId) {
            this.referenceId = referenceId;
            return this;
        }

        public Builder configId(String configId) {
            this.configId = configId;
            return this;
        }

        public Builder experimentId(String experimentId) {
            this.experimentId = experimentId;
            return this;
        }

        public Builder trialId(String trialId) {
            this.trialId = trialId;
            return this;
        }

        public Builder environmentId(String environmentId) {
            this.environmentId = environmentId;
            return this;
        }

        public Builder status(String status) {
            this.status = status;
            return this;
        }

        public Builder nodeId(String nodeId) {
            this.nodeId = nodeId;
            return this;
        }

        public Builder source(String source) {
            this.source = source;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder metadata(String metadata) {
            this.metadata = metadata;
            return this;
        }

        public Builder inputs(String inputs) {
            this.inputs = inputs;
            return this;
        }

        public Builder messages(String messages) {
            this.messages = messages;
            return this;
        }

        public Builder output(String output) {
            this.output = output;
            return this;
        }

        public Builder rawOutput(String rawOutput) {
            this.rawOutput = rawOutput;
            return this;
        }

        public Builder outputMessage(String outputMessage) {
            this.outputMessage = outputMessage;
            return this;
        }

        public Builder toolChoice(String toolChoice) {
            this.toolChoice = toolChoice;
            return this;
        }

        public Builder finishReason(String finishReason) {
            this.finishReason = finishReason;
            return this;
        }

        public Builder promptTokens(Integer promptTokens) {
            this.promptTokens = promptTokens;
            return this;
        }

        public Builder outputTokens(Integer outputTokens) {
            this.outputTokens = outputTokens;
            return this;
        }

        public Builder providerLatency(Double providerLatency) {
            this.providerLatency = providerLatency;
            return this;
        }

        public Builder duration(Double duration) {
            this.duration = duration;
            return this;
        }

        public Builder error(String error) {
            this.error = error;
            return this;
        }

        public Builder providerRequest(String providerRequest) {
            this.providerRequest = providerRequest;
            return this;
        }

        public Builder providerResponse(String providerResponse) {
            this.providerResponse = providerResponse;
            return this;
        }

        public Builder sourceDatapointId(String sourceDatapointId) {
            this.sourceDatapointId = sourceDatapointId;
            return this;
        }

        public Builder saved(boolean saved) {
            this.saved = saved;
            return this;
        }

        public Builder createdAt(long createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder updatedAt(long updatedAt) {
            this.updatedAt = updatedAt;
            return this;
        }

        public Builder provider(String provider) {
            this.provider = provider;
            return this;
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder apiKeyId(String apiKeyId) {
            this.apiKeyId = apiKeyId;
            return this;
        }

        public Builder cachedInputTokens(Integer cachedInputTokens) {
            this.cachedInputTokens = cachedInputTokens;
            return this;
        }

        public Builder cacheWriteTokens(Integer cacheWriteTokens) {
            this.cacheWriteTokens = cacheWriteTokens;
            return this;
        }

        public Builder reasoningTokens(Integer reasoningTokens) {
            this.reasoningTokens = reasoningTokens;
            return this;
        }

        public Builder costPicoUsd(Long costPicoUsd) {
            this.costPicoUsd = costPicoUsd;
            return this;
        }

        public Builder costEstimated(Boolean costEstimated) {
            this.costEstimated = costEstimated;
            return this;
        }

        public Builder attempts(String attempts) {
            this.attempts = attempts;
            return this;
        }

        public Builder requestedConfigId(String requestedConfigId) {
            this.requestedConfigId = requestedConfigId;
            return this;
        }

        public LogRecord build() {
            return new LogRecord(id, projectId, sessionId, parentId, referenceId, configId, experimentId, trialId, environmentId,
                    status, nodeId, source, user, metadata, inputs, messages, output, rawOutput, outputMessage,
                    toolChoice, finishReason, promptTokens, outputTokens, providerLatency, duration, error,
                    providerRequest, providerResponse, sourceDatapointId, saved, createdAt, updatedAt, provider, model, apiKeyId,
                    cachedInputTokens, cacheWriteTokens, reasoningTokens, costPicoUsd, costEstimated, attempts,
                    requestedConfigId);
        }
    }
}
