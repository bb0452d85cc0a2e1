package dev.openloop.api.project;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Deploys a config or an experiment (exactly one) to environments.
 *
 * @param configId the config to deploy
 * @param experimentId the experiment to deploy
 * @param environments where; the default environment when absent
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EnvironmentProjectConfigRequest(String configId, String experimentId, List<EnvironmentRequest> environments) {
}
