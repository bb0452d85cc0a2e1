package dev.openloop.server.chatlog;

/**
 * Which of a project's logs a listing shows; every part but the project may be null (no condition).
 *
 * @param projectId the project
 * @param search text to find ({@link LogSearch})
 * @param fromMillis the earliest creation time
 * @param beforeMillis creation times before this
 * @param configId made with this config
 * @param environmentId made through a deployment to this environment
 * @param experimentId drawn from this experiment
 * @param outcome {@link Outcome}
 * @param feedbackType with {@code feedbackValue}: the log's current feedback of this type has that value
 * @param feedbackValue see {@code feedbackType}
 */
public record LogFilter(String projectId, String search, Long fromMillis, Long beforeMillis, String configId,
        String environmentId, String experimentId, Outcome outcome, String feedbackType, String feedbackValue) {

    /** How a log ended. */
    public enum Outcome {
        /** Complete, without an error. */
        OK,
        /** Failed: the log holds an error. */
        ERROR,
        /** A stream cut before its end. */
        INCOMPLETE
    }

    /** The logs of {@code projectId} matching {@code search} between the two times, as the v4 listing filters them. */
    public static LogFilter of(String projectId, String search, Long fromMillis, Long beforeMillis) {
        return new LogFilter(projectId, search, fromMillis, beforeMillis, null, null, null, null, null, null);
    }
}
