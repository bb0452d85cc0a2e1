package dev.openloop.api.project;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.json.WireText;

/**
 * What a project has deployed to one environment.
 *
 * @param projectId the project
 * @param projectName its name
 * @param modelConfigId the deployed config, if a config is deployed
 * @param modelConfigName its name
 * @param experimentId the deployed experiment, if an experiment is deployed
 * @param experimentName its name
 * @param environmentId the environment
 * @param environmentName its name
 * @param environmentTag {@code default} or {@code other}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EnvironmentProjectConfigResponse(
        String projectId,
        String projectName,
        String modelConfigId,
        String modelConfigName,
        String experimentId,
        String experimentName,
        String environmentId,
        String environmentName,
        String environmentTag) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
