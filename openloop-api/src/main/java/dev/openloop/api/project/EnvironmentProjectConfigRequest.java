package dev.openloop.api.project;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.common.Unmodifiable;
import dev.openloop.api.json.WireText;
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

    /** Keeps unmodifiable copies of the collections given, so that the record cannot change once made. */
    public EnvironmentProjectConfigRequest {
        environments = Unmodifiable.copyOf(environments);
    }

    /**
     * A builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link EnvironmentProjectConfigRequest}. */
    public static final class Builder {
        private String configId;
        private String experimentId;
        private List<EnvironmentRequest> environments;

        private Builder() {
        }

        /**
         * Sets {@link EnvironmentProjectConfigRequest#configId()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder configId(String value) { configId = value; return this; }
        /**
         * Sets {@link EnvironmentProjectConfigRequest#experimentId()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder experimentId(String value) { experimentId = value; return this; }
        /**
         * Sets {@link EnvironmentProjectConfigRequest#environments()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder environments(List<EnvironmentRequest> value) { environments = value == null ? null : List.copyOf(value); return this; }
        /**
         * Sets {@link EnvironmentProjectConfigRequest#environments()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder environments(EnvironmentRequest... value) { return environments(List.of(value)); }

        /**
         * The request.
         *
         * @return the request
         */
        public EnvironmentProjectConfigRequest build() {
            return new EnvironmentProjectConfigRequest(configId, experimentId, environments);
        }
    }

    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
