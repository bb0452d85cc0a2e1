package dev.openloop.api.session;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.json.WireText;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A session: logs grouped together, e.g. the turns of one conversation.
 *
 * @param id {@code sesh_…}
 * @param referenceId the caller's own key, if it has one
 * @param projects the projects with logs in it
 * @param datapointsCount how many logs it has
 * @param firstInputs the inputs of its first log
 * @param lastOutput the output of its last log
 * @param createdAt when it was created
 * @param updatedAt when a log last joined it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SessionResponse(
        String id,
        String referenceId,
        List<SessionProjectResponse> projects,
        long datapointsCount,
        Map<String, Object> firstInputs,
        String lastOutput,
        Instant createdAt,
        Instant updatedAt) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
