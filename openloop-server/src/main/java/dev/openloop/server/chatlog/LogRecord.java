package dev.openloop.server.chatlog;

import org.jdbi.v3.core.mapper.reflect.ColumnName;

/**
 * A log row, as written and as read back. JSON-valued columns are held as JSON text; a log made with
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
        long updatedAt) {
}
