package dev.openloop.api.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ToolChoice;
import dev.openloop.api.config.ModelConfigResponse;
import dev.openloop.api.feedback.FeedbackResponse;
import dev.openloop.api.json.WireText;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stored log: one generation, with what it was asked and answered.
 *
 * @param id {@code data_…}
 * @param project its project's name
 * @param projectId its project
 * @param sessionId its session
 * @param sessionReferenceId its session's reference id, if the session has one
 * @param parentId its parent log
 * @param parentReferenceId its parent log's reference id, if the parent has one
 * @param referenceId the caller's own key
 * @param trialId the experiment trial that chose its config
 * @param experimentId the experiment it was drawn from (an OpenLoop addition)
 * @param inputs template inputs
 * @param source free-text label
 * @param metadata what the caller kept with it
 * @param save whether its payloads were kept
 * @param sourceDatapointId dataset datapoint
 * @param messages the prompt
 * @param output the generated text, trimmed
 * @param rawOutput the generated text as the provider returned it
 * @param outputMessage the assistant message
 * @param finishReason why generation stopped
 * @param configId its config
 * @param config its config
 * @param environment the environment of the deployment that served it
 * @param feedback its current feedback: the latest of each type
 * @param createdAt when it was made
 * @param updatedAt when it last changed
 * @param error what failed, if anything
 * @param duration seconds the generation took, when the caller gave it
 * @param providerLatency seconds the provider took
 * @param promptTokens tokens of the prompt
 * @param outputTokens tokens generated
 * @param tokens the sum
 * @param user the end user
 * @param toolChoice the tool choice asked for
 * @param providerRequest the body sent to the provider
 * @param providerResponse what the provider answered
 * @param status {@code complete}, {@code streaming} or {@code incomplete} (an OpenLoop addition:
 *     a stream cut before its end leaves an incomplete log)
 * @param metricValues the values of metrics computed on it; OpenLoop computes none per log, so
 *     always empty
 * @param tools the results of tools the server ran for it; OpenLoop runs no tools, so always empty
 * @param evaluationResults evaluation results; OpenLoop has no evaluators, so always empty
 * @param observabilityStatus {@code completed}
 * @param openloop what the log cost and what it was priced on: an OpenLoop extension (see {@link LogCost})
 * @param requestedConfigId an OpenLoop extension: the config the call asked for, when a fallback
 *     of it answered ({@code config_id} is then the fallback's); else null
 * @param attempts an OpenLoop extension: every provider attempt of a call that took more than one
 *     (each: {@code config_id}, {@code provider}, {@code model}, {@code outcome}, {@code origin},
 *     {@code latency} in seconds); else null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LogResponse(
        String id,
        String project,
        String projectId,
        String sessionId,
        String sessionReferenceId,
        String parentId,
        String parentReferenceId,
        String referenceId,
        String trialId,
        String experimentId,
        Map<String, Object> inputs,
        String source,
        Map<String, Object> metadata,
        boolean save,
        String sourceDatapointId,
        List<ChatMessage> messages,
        String output,
        String rawOutput,
        ChatMessage outputMessage,
        String finishReason,
        String configId,
        ModelConfigResponse config,
        String environment,
        List<FeedbackResponse> feedback,
        Instant createdAt,
        Instant updatedAt,
        String error,
        Double duration,
        Double providerLatency,
        Integer promptTokens,
        Integer outputTokens,
        Integer tokens,
        String user,
        ToolChoice toolChoice,
        JsonNode providerRequest,
        JsonNode providerResponse,
        String status,
        List<Object> metricValues,
        List<Object> tools,
        List<Object> evaluationResults,
        String observabilityStatus,
        LogCost openloop,
        String requestedConfigId,
        JsonNode attempts) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
