package dev.openloop.server.chatlog;

/**
 * What a log made with {@code save: false} keeps (spec: "whether to store the request and
 * response"), the one rule for the chat endpoints and {@code POST /logs}. The row stays, so that
 * the call is counted and can be given feedback, but nothing the caller sent or the model
 * generated: no messages, inputs, outputs, tool calls or {@code tool_choice}, no
 * {@code metadata}, {@code user} or {@code source}, no provider request or response. What stays:
 * where the log belongs (project, session, parent, reference id, config, experiment, trial,
 * environment, source datapoint), its status, finish reason, token counts, latency, duration and
 * times, and its error in the form its builder gives it, which with {@code save: false} says who
 * failed and how but not the message (a provider's message can quote the prompt): only the
 * builder knows who failed.
 */
public final class LogSaving {
    /**
     * The error of a log stored with {@code save: false} as its caller reported it
     * ({@code POST /logs}, {@code PATCH /logs}): the caller's message may quote the prompt, and a
     * log made elsewhere says nothing more of who failed or how.
     */
    public static final String UNSAVED_ERROR = "Error reported by the caller (its message is not kept: save is false)";

    private LogSaving() {
    }

    /** The error a caller reports for a log, as it is stored: by the same rule as {@link #row}. */
    public static String callerError(boolean save, String error) {
        return save || error == null ? error : UNSAVED_ERROR;
    }

    /** {@code row} as it is stored: all of it when {@code save}, else without what the caller sent or the model generated. */
    public static LogRecord row(boolean save, LogRecord row) {
        if (save) {
            return row;
        }
        return row.toBuilder()
                .source(null)
                .user(null)
                .metadata(null)
                .inputs(null)
                .messages(null)
                .output(null)
                .rawOutput(null)
                .outputMessage(null)
                .toolChoice(null)
                .providerRequest(null)
                .providerResponse(null)
                .saved(false)
                .build();
    }

    /** {@code completion} as it is stored, by the same rule as {@link #row}. */
    public static LogCompletion completion(boolean save, LogCompletion completion) {
        if (save) {
            return completion;
        }
        return new LogCompletion(
                completion.id(),
                completion.status(),
                null, // output
                null, // raw output
                null, // output message
                completion.finishReason(),
                completion.promptTokens(),
                completion.outputTokens(),
                completion.providerLatency(),
                completion.error(),
                null, // provider response
                completion.updatedAt(),
                completion.cost());
    }
}
