package dev.openloop.api.project;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Changes a project; absent fields stay as they are. The active config or experiment is what the
 * default environment has deployed.
 *
 * @param name a new name
 * @param activeExperimentId deploy this experiment to the default environment
 * @param activeConfigId deploy this config to the default environment
 * @param positiveLabels the labels that count as success for the project
 * @param directoryId a new directory
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UpdateProjectRequest(String name, String activeExperimentId, String activeConfigId,
        List<PositiveLabel> positiveLabels, String directoryId) {
}
