package dev.openloop.api.log;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.json.WireText;

/**
 * A log just made.
 *
 * @param id {@code data_…}
 * @param projectId its project
 * @param sessionId its session, if any
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateLogResponse(String id, String projectId, String sessionId) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
