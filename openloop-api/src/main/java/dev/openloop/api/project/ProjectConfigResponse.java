package dev.openloop.api.project;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.config.ModelConfigResponse;
import dev.openloop.api.json.WireText;
import java.time.Instant;
import java.util.List;

/**
 * A config as used by a project; with {@code trial_id} and {@code environment_id} it is also the
 * answer of "get the active config" and "sample an experiment" ({@code GetModelConfigResponse}).
 *
 * @param projectId the project
 * @param projectName its name
 * @param createdAt when the project started using the config
 * @param updatedAt when that last changed
 * @param lastUsed when a log last used it
 * @param feedbackStats feedback counts by type and value; OpenLoop does not compute them, so null
 * @param numDatapoints how many logs used it
 * @param experimentId an experiment of the project the config is in, if any
 * @param evaluationAggregates evaluator aggregates; OpenLoop has no evaluators, so always empty
 * @param config the config
 * @param trialId the trial of an experiment draw, to pass to {@code POST /logs}
 * @param environmentId the environment whose deployment gave it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProjectConfigResponse(
        String projectId,
        String projectName,
        Instant createdAt,
        Instant updatedAt,
        Instant lastUsed,
        List<Object> feedbackStats,
        Long numDatapoints,
        String experimentId,
        List<Object> evaluationAggregates,
        ModelConfigResponse config,
        String trialId,
        String environmentId) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
