package dev.openloop.api.experiment;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.common.Unmodifiable;
import dev.openloop.api.json.WireText;
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

    /** Keeps unmodifiable copies of the collections given, so that the record cannot change once made. */
    public UpdateExperimentRequest {
        positiveLabels = Unmodifiable.copyOf(positiveLabels);
        configIdsToRegister = Unmodifiable.copyOf(configIdsToRegister);
        configIdsToDeregister = Unmodifiable.copyOf(configIdsToDeregister);
    }

    /**
     * A builder; fields left unset are not sent, and stay as they are.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link UpdateExperimentRequest}. */
    public static final class Builder {
        private String name;
        private List<PositiveLabel> positiveLabels;
        private List<String> configIdsToRegister;
        private List<String> configIdsToDeregister;

        private Builder() {
        }

        /**
         * Sets {@link UpdateExperimentRequest#name()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder name(String value) { name = value; return this; }
        /**
         * Sets {@link UpdateExperimentRequest#positiveLabels()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder positiveLabels(List<PositiveLabel> value) { positiveLabels = value == null ? null : List.copyOf(value); return this; }
        /**
         * Sets {@link UpdateExperimentRequest#positiveLabels()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder positiveLabels(PositiveLabel... value) { return positiveLabels(List.of(value)); }
        /**
         * Sets {@link UpdateExperimentRequest#configIdsToRegister()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder configIdsToRegister(List<String> value) { configIdsToRegister = value == null ? null : List.copyOf(value); return this; }
        /**
         * Sets {@link UpdateExperimentRequest#configIdsToRegister()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder configIdsToRegister(String... value) { return configIdsToRegister(List.of(value)); }
        /**
         * Sets {@link UpdateExperimentRequest#configIdsToDeregister()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder configIdsToDeregister(List<String> value) { configIdsToDeregister = value == null ? null : List.copyOf(value); return this; }
        /**
         * Sets {@link UpdateExperimentRequest#configIdsToDeregister()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder configIdsToDeregister(String... value) { return configIdsToDeregister(List.of(value)); }

        /**
         * The request.
         *
         * @return the request
         */
        public UpdateExperimentRequest build() {
            return new UpdateExperimentRequest(name, positiveLabels, configIdsToRegister, configIdsToDeregister);
        }
    }

    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
