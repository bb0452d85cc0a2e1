package dev.openloop.api.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.openloop.api.json.WireText;
import java.time.Instant;

/**
 * What an experiment optimises.
 *
 * @param id {@code metric_…}
 * @param name its name
 * @param description what it measures
 * @param code its definition
 * @param isDefault whether it is the default metric ({@code default} on the wire)
 * @param active whether it is in use
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record BaseMetricResponse(
        String id,
        String name,
        String description,
        String code,
        @JsonProperty("default") boolean isDefault,
        boolean active,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
