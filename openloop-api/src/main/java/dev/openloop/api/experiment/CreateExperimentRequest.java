package dev.openloop.api.experiment;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.project.PositiveLabel;
import java.util.List;

/**
 * Creates an experiment.
 *
 * @param name its name
 * @param positiveLabels the feedback labels that count as success
 * @param configIds the configs to draw from
 * @param setActive deploy it to the project's default environment
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateExperimentRequest(String name, List<PositiveLabel> positiveLabels, List<String> configIds, Boolean setActive) {
}
