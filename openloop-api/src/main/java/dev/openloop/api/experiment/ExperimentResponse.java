package dev.openloop.api.experiment;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.json.WireText;
import dev.openloop.api.project.PositiveLabel;
import java.time.Instant;
import java.util.List;

/**
 * An A/B experiment over configs of a project.
 *
 * @param id {@code exp_…}
 * @param projectId its project
 * @param name its name, unique in the project
 * @param status {@code Initialized} until a trial has feedback, then {@code In progress}
 * @param configs its configs and their statistics
 * @param metric what it optimises
 * @param positiveLabels the feedback labels that count as success
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExperimentResponse(
        String id,
        String projectId,
        String name,
        ExperimentStatus status,
        List<ExperimentConfigResponse> configs,
        BaseMetricResponse metric,
        List<PositiveLabel> positiveLabels,
        Instant createdAt,
        Instant updatedAt) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
