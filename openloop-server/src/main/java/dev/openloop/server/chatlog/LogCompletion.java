package dev.openloop.server.chatlog;

/**
 * What a finished (or cut) stream adds to its log row.
 *
 * @param id the log
 * @param status {@link LogStatus#COMPLETE} or {@link LogStatus#INCOMPLETE}
 * @param output trimmed text, or null when not saved
 * @param rawOutput text as generated, or null when not saved
 * @param outputMessage JSON, or null when not saved
 * @param finishReason v4 finish reason
 * @param promptTokens tokens of the prompt
 * @param outputTokens tokens generated
 * @param providerLatency seconds
 * @param error what failed, or null
 * @param providerResponse JSON of the stream's chunks, or null when not saved
 * @param updatedAt epoch milliseconds
 * @param cost what the stream cost and the usage's breakdown; see {@link LogCost}
 */
public record LogCompletion(
        String id,
        String status,
        String output,
        String rawOutput,
        String outputMessage,
        String finishReason,
        Integer promptTokens,
        Integer outputTokens,
        Double providerLatency,
        String error,
        String providerResponse,
        long updatedAt,
        LogCost cost) {

    public LogCompletion {
        cost = cost == null ? LogCost.NONE : cost;
    }
}
