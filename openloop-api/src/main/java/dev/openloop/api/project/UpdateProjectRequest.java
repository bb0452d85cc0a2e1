package dev.openloop.api.project;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.common.Unmodifiable;
import dev.openloop.api.json.WireText;
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

    /** Keeps unmodifiable copies of the collections given, so that the record cannot change once made. */
    public UpdateProjectRequest {
        positiveLabels = Unmodifiable.copyOf(positiveLabels);
    }

    /**
     * A builder; fields left unset are not sent, and stay as they are.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link UpdateProjectRequest}. */
    public static final class Builder {
        private String name;
        private String activeExperimentId;
        private String activeConfigId;
        private List<PositiveLabel> positiveLabels;
        private String directoryId;

        private Builder() {
        }

        /**
         * Sets {@link UpdateProjectRequest#name()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder name(String value) { name = value; return this; }
        /**
         * Sets {@link UpdateProjectRequest#activeExperimentId()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder activeExperimentId(String value) { activeExperimentId = value; return this; }
        /**
         * Sets {@link UpdateProjectRequest#activeConfigId()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder activeConfigId(String value) { activeConfigId = value; return this; }
        /**
         * Sets {@link UpdateProjectRequest#positiveLabels()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder positiveLabels(List<PositiveLabel> value) { positiveLabels = value == null ? null : List.copyOf(value); return this; }
        /**
         * Sets {@link UpdateProjectRequest#positiveLabels()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder positiveLabels(PositiveLabel... value) { return positiveLabels(List.of(value)); }
        /**
         * Sets {@link UpdateProjectRequest#directoryId()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder directoryId(String value) { directoryId = value; return this; }

        /**
         * The request.
         *
         * @return the request
         */
        public UpdateProjectRequest build() {
            return new UpdateProjectRequest(name, activeExperimentId, activeConfigId, positiveLabels, directoryId);
        }
    }

    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
