package dev.openloop.server.chatlog;

/**
 * A log row as read back; JSON-valued columns are JSON text.
 *
 * @param id {@code data_…}
 * @param projectId the project
 * @param sessionId the session
 * @param parentId the parent log
 * @param referenceId the caller's own key
 * @param configId the config
 * @param experimentId the experiment it was drawn from
 * @param trialId the experiment trial
 * @param environmentId the environment of the deployment used
 * @param status a {@link LogStatus} value
 * @param source free-text label
 * @param endUser the end user
 * @param metadata JSON
 * @param inputs JSON
 * @param messages JSON
 * @param output trimmed text
 * @param rawOutput text as generated
 * @param outputMessage JSON
 * @param toolChoice JSON
 * @param finishReason v4 finish reason
 * @param promptTokens tokens of the prompt
 * @param outputTokens tokens generated
 * @param providerLatency seconds
 * @param duration seconds, as a caller of POST /logs gave it
 * @param error what failed
 * @param providerRequest JSON
 * @param providerResponse JSON
 * @param sourceDatapointId dataset datapoint
 * @param saved whether payloads were kept
 * @param createdAt epoch milliseconds
 * @param updatedAt epoch milliseconds
 */
public record LogRow(
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
        String source,
        String endUser,
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
        long updatedAt) {
}
