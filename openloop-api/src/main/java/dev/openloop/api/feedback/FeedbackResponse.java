package dev.openloop.api.feedback;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.json.WireText;
import java.time.Instant;

/**
 * Stored feedback.
 *
 * @param id {@code ann_…}
 * @param type its type
 * @param value its value: a label or text; "" for an unset
 * @param dataId the log
 * @param user who gave it
 * @param createdAt when it was given
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FeedbackResponse(String id, String type, String value, String dataId, String user, Instant createdAt) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
