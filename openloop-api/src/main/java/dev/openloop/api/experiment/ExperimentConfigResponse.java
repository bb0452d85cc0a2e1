package dev.openloop.api.experiment;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.config.ModelConfigResponse;
import dev.openloop.api.json.WireText;
import java.time.Instant;

/**
 * A config of an experiment, with what its trials have shown so far.
 *
 * @param id the config's id
 * @param displayName the config's name
 * @param config the config
 * @param mean the posterior mean of its success rate
 * @param spread the posterior standard deviation of its success rate
 * @param trialsCount how many of its trials have feedback
 * @param active whether it is still drawn
 * @param createdAt when it joined the experiment
 * @param updatedAt when that last changed
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExperimentConfigResponse(
        String id,
        String displayName,
        ModelConfigResponse config,
        Double mean,
        Double spread,
        long trialsCount,
        boolean active,
        Instant createdAt,
        Instant updatedAt) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
