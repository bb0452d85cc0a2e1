package dev.openloop.api.experiment;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.common.Required;
import dev.openloop.api.common.Unmodifiable;
import dev.openloop.api.json.WireText;
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

    /**
     * A builder.
     *
     * @return a builder
     */
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

        /**
         * Sets {@link CreateExperimentRequest#name()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder name(String value) { name = value; return this; }
        /**
         * Sets {@link CreateExperimentRequest#positiveLabels()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder positiveLabels(List<PositiveLabel> value) { positiveLabels = value == null ? null : List.copyOf(value); return this; }
        /**
         * Sets {@link CreateExperimentRequest#positiveLabels()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder positiveLabels(PositiveLabel... value) { return positiveLabels(List.of(value)); }
        /**
         * Sets {@link CreateExperimentRequest#configIds()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder configIds(List<String> value) { configIds = value == null ? null : List.copyOf(value); return this; }
        /**
         * Sets {@link CreateExperimentRequest#configIds()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder configIds(String... value) { return configIds(List.of(value)); }
        /**
         * Sets {@link CreateExperimentRequest#setActive()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder setActive(Boolean value) { setActive = value; return this; }

        /**
         * The request.
         *
         * @return the request
         */
        public CreateExperimentRequest build() {
            Required.check("CreateExperimentRequest", "name", name, "positiveLabels", positiveLabels);
            return new CreateExperimentRequest(name, positiveLabels, configIds, setActive);
        }
    }

    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
