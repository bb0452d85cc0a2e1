package dev.openloop.api.experiment;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.common.Unmodifiable;
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

    /** Keeps unmodifiable copies of the collections given, so that the record cannot change once made. */
    public CreateExperimentRequest {
        positiveLabels = Unmodifiable.copyOf(positiveLabels);
        configIds = Unmodifiable.copyOf(configIds);
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link CreateExperimentRequest}. */
    public static final class Builder {
        private String name;
        private List<PositiveLabel> positiveLabels;
        private List<String> configIds;
        private Boolean setActive;

        private Builder() {
        }

        /** See {@link CreateExperimentRequest#name()}. */
        public Builder name(String value) { name = value; return this; }
        /** See {@link CreateExperimentRequest#positiveLabels()}. */
        public Builder positiveLabels(List<PositiveLabel> value) { positiveLabels = value == null ? null : List.copyOf(value); return this; }
        /** See {@link CreateExperimentRequest#positiveLabels()}. */
        public Builder positiveLabels(PositiveLabel... value) { return positiveLabels(List.of(value)); }
        /** See {@link CreateExperimentRequest#configIds()}. */
        public Builder configIds(List<String> value) { configIds = value == null ? null : List.copyOf(value); return this; }
        /** See {@link CreateExperimentRequest#configIds()}. */
        public Builder configIds(String... value) { return configIds(List.of(value)); }
        /** See {@link CreateExperimentRequest#setActive()}. */
        public Builder setActive(Boolean value) { setActive = value; return this; }

        /** The request. */
        public CreateExperimentRequest build() {
            return new CreateExperimentRequest(name, positiveLabels, configIds, setActive);
        }
    }
}
