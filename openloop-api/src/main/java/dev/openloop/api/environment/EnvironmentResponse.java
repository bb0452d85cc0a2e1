package dev.openloop.api.environment;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.json.WireText;
import java.time.Instant;

/**
 * An environment deployments can target (an OpenLoop extension: v4 manages these only in its UI).
 *
 * @param id {@code env_…}
 * @param name its unique name
 * @param tag {@code default} for the default environment, else {@code other}
 * @param createdAt when it was created
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EnvironmentResponse(String id, String name, String tag, Instant createdAt) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
