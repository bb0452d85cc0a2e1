package dev.openloop.api.project;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.experiment.ExperimentResponse;
import dev.openloop.api.json.WireText;
import java.time.Instant;
import java.util.List;

/**
 * A project.
 *
 * @param id {@code pr_…}
 * @param name its unique name
 * @param activeExperiment the experiment deployed to the default environment, if any
 * @param activeConfig the config deployed to the default environment, if any
 * @param users its users
 * @param dataCount how many logs it has
 * @param feedbackTypes its feedback types, the defaults included
 * @param teamId the team it belongs to
 * @param configType {@code model} once it has a config
 * @param activeEvaluators its active evaluators; OpenLoop has no evaluators, so always empty
 * @param directoryId its directory
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProjectResponse(
        String id,
        String name,
        ExperimentResponse activeExperiment,
        ProjectConfigResponse activeConfig,
        List<ProjectUserResponse> users,
        long dataCount,
        List<FeedbackTypeModel> feedbackTypes,
        String teamId,
        String configType,
        List<Object> activeEvaluators,
        String directoryId,
        Instant createdAt,
        Instant updatedAt) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
