package dev.openloop.api.feedback;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * Feedback on a log.
 *
 * @param type {@code rating}, {@code action}, {@code issue}, {@code correction}, {@code comment}
 *     or a custom type of the project
 * @param value the label, or free text for corrections and comments; required unless unsetting
 * @param dataId the log ({@code data_…})
 * @param user who gave it
 * @param createdAt when it was given; now when absent
 * @param unset clears the log's current value of this type
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FeedbackRequest(String type, String value, String dataId, String user, Instant createdAt, Boolean unset) {

    /** Feedback {@code value} of {@code type} on log {@code dataId}. */
    public static FeedbackRequest of(String dataId, String type, String value) {
        return new FeedbackRequest(type, value, dataId, null, null, null);
    }
}
