package dev.openloop.api.experiment;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.project.PositiveLabel;
import java.util.List;

/**
 * Changes an experiment; absent fields stay as they are.
 *
 * @param name a new name
 * @param positiveLabels new success labels (the statistics are recounted)
 * @param configIdsToRegister configs to add (or make active again)
 * @param configIdsToDeregister configs to stop drawing; they stay, inactive
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UpdateExperimentRequest(String name, List<PositiveLabel> positiveLabels, List<String> configIdsToRegister,
        List<String> configIdsToDeregister) {
}
