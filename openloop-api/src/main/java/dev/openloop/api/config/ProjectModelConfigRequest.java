package dev.openloop.api.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ResponseFormat;
import dev.openloop.api.common.Required;
import dev.openloop.api.common.Unmodifiable;
import dev.openloop.api.json.ClosedSchema;
import dev.openloop.api.json.WireText;
import java.util.List;
import java.util.Map;

/**
 * Registers a config with a project ({@code POST /model-configs}). The fields are those of a model
 * config, plus where it goes. Note v4's default here: {@code endpoint} is {@code complete} when
 * absent, not {@code chat}.
 *
 * @param project the project's name; created when unknown
 * @param projectId the project's id
 * @param experiment the name of an existing experiment of the project to add the config to
 * @param model the provider's model name
 * @param provider the provider
 * @param name display name
 * @param description description
 * @param maxTokens tokens to generate at most; -1 for as many as fit
 * @param temperature sampling temperature
 * @param topP nucleus sampling
 * @param stop stop sequences
 * @param presencePenalty presence penalty
 * @param frequencyPenalty frequency penalty
 * @param other extra provider parameters
 * @param seed sampling seed
 * @param responseFormat JSON mode
 * @param endpoint provider endpoint kind; {@code complete} when absent
 * @param promptTemplate completion prompt template
 * @param chatTemplate chat template
 * @param tools tools
 * @param fallbacks an OpenLoop extension: the config's fallbacks ({@link Fallback}); when given,
 *     they replace the ones stored with the config; when absent, the stored ones stay
 */
@ClosedSchema
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProjectModelConfigRequest(
        String project,
        String projectId,
        String experiment,
        String model,
        ModelProvider provider,
        String name,
        String description,
        Integer maxTokens,
        Double temperature,
        Double topP,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> stop,
        Double presencePenalty,
        Double frequencyPenalty,
        Map<String, Object> other,
        Long seed,
        ResponseFormat responseFormat,
        ModelEndpoint endpoint,
        String promptTemplate,
        List<ChatMessage> chatTemplate,
        List<ToolDefinition> tools,
        List<Fallback> fallbacks) {

    /** Keeps unmodifiable copies of the collections given, so that the record cannot change once made. */
    public ProjectModelConfigRequest {
        stop = Unmodifiable.copyOf(stop);
        other = Unmodifiable.copyOf(other);
        chatTemplate = Unmodifiable.copyOf(chatTemplate);
        tools = Unmodifiable.copyOf(tools);
        fallbacks = Unmodifiable.copyOf(fallbacks);
    }

    /**
     * A registration of {@code config} with the project named {@code project}.
     *
     * @param project the project
     * @param config the config
     * @return A registration of {@code config} with the project named {@code project}
     */
    public static ProjectModelConfigRequest of(String project, ModelConfigRequest config) {
        return new ProjectModelConfigRequest(project, null, null, config.model(), config.provider(), config.name(),
                config.description(), config.maxTokens(), config.temperature(), config.topP(), config.stop(),
                config.presencePenalty(), config.frequencyPenalty(), config.other(), config.seed(),
                config.responseFormat(), config.endpoint(), config.promptTemplate(), config.chatTemplate(), config.tools(),
                config.fallbacks());
    }

    /**
     * The config part, with v4's register default for {@code endpoint} applied.
     *
     * @return the config part, with v4's register default for {@code endpoint} applied
     */
    public ModelConfigRequest config() {
        return new ModelConfigRequest(model, provider, name, description, maxTokens, temperature, topP, stop,
                presencePenalty, frequencyPenalty, other, seed, responseFormat,
                endpoint == null ? ModelEndpoint.COMPLETE : endpoint, promptTemplate, chatTemplate, tools, fallbacks);
    }

    /**
     * A copy for another project, given by id.
     *
     * @param id the id
     * @return A copy for another project, given by id
     */
    public ProjectModelConfigRequest withProjectId(String id) {
        return new ProjectModelConfigRequest(null, id, experiment, model, provider, name, description, maxTokens,
                temperature, topP, stop, presencePenalty, frequencyPenalty, other, seed, responseFormat, endpoint,
                promptTemplate, chatTemplate, tools, fallbacks);
    }

    /**
     * A builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link ProjectModelConfigRequest}: where the config goes ({@link #project},
     * {@link #projectId}, {@link #experiment}) and its parameters, one by one or all at once with
     * {@link #config(ModelConfigRequest)}.
     */
    public static final class Builder {
        private String project;
        private String projectId;
        private String experiment;
        private ModelConfigRequest.Builder config = ModelConfigRequest.builder();

        private Builder() {
        }

        /**
         * Sets {@link ProjectModelConfigRequest#project()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder project(String value) { project = value; return this; }
        /**
         * Sets {@link ProjectModelConfigRequest#projectId()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder projectId(String value) { projectId = value; return this; }
        /**
         * Sets {@link ProjectModelConfigRequest#experiment()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder experiment(String value) { experiment = value; return this; }

        /**
         * Every parameter from {@code value}, replacing those set before.
         *
         * @param value its value
         * @return this builder
         */
        public Builder config(ModelConfigRequest value) {
            config = value == null ? ModelConfigRequest.builder() : value.toBuilder();
            return this;
        }

        /**
         * Sets {@link ProjectModelConfigRequest#model()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder model(String value) { config.model(value); return this; }
        /**
         * Sets {@link ProjectModelConfigRequest#provider()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder provider(ModelProvider value) { config.provider(value); return this; }
        /**
         * Sets {@link ProjectModelConfigRequest#name()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder name(String value) { config.name(value); return this; }
        /**
         * Sets {@link ProjectModelConfigRequest#description()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder description(String value) { config.description(value); return this; }
        /**
         * Sets {@link ProjectModelConfigRequest#maxTokens()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder maxTokens(Integer value) { config.maxTokens(value); return this; }
        /**
         * Sets {@link ProjectModelConfigRequest#temperature()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder temperature(Double value) { config.temperature(value); return this; }
        /**
         * Sets {@link ProjectModelConfigRequest#temperature()} from a plain number, e.g. {@code temperature(1)}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder temperature(double value) { return temperature(Double.valueOf(value)); }
        /**
         * Sets {@link ProjectModelConfigRequest#topP()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder topP(Double value) { config.topP(value); return this; }
        /**
         * Sets {@link ProjectModelConfigRequest#topP()} from a plain number, e.g. {@code topP(1)}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder topP(double value) { return topP(Double.valueOf(value)); }
        /**
         * Sets {@link ProjectModelConfigRequest#stop()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder stop(List<String> value) { config.stop(value); return this; }
        /**
         * Sets {@link ProjectModelConfigRequest#presencePenalty()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder presencePenalty(Double value) { config.presencePenalty(value); return this; }
        /**
         * Sets {@link ProjectModelConfigRequest#presencePenalty()} from a plain number, e.g. {@code presencePenalty(1)}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder presencePenalty(double value) { return presencePenalty(Double.valueOf(value)); }
        /**
         * Sets {@link ProjectModelConfigRequest#frequencyPenalty()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder frequencyPenalty(Double value) { config.frequencyPenalty(value); return this; }
        /**
         * Sets {@link ProjectModelConfigRequest#frequencyPenalty()} from a plain number, e.g. {@code frequencyPenalty(1)}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder frequencyPenalty(double value) { return frequencyPenalty(Double.valueOf(value)); }
        /**
         * Sets {@link ProjectModelConfigRequest#other()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder other(Map<String, Object> value) { config.other(value); return this; }
        /**
         * Sets {@link ProjectModelConfigRequest#seed()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder seed(Long value) { config.seed(value); return this; }
        /**
         * Sets {@link ProjectModelConfigRequest#seed()} from a plain number, e.g. {@code seed(42)}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder seed(long value) { return seed(Long.valueOf(value)); }
        /**
         * Sets {@link ProjectModelConfigRequest#responseFormat()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder responseFormat(ResponseFormat value) { config.responseFormat(value); return this; }
        /**
         * See {@link ProjectModelConfigRequest#endpoint()}; {@code complete} when not set.
         *
         * @param value its value
         * @return this builder
         */
        public Builder endpoint(ModelEndpoint value) { config.endpoint(value); return this; }
        /**
         * Sets {@link ProjectModelConfigRequest#promptTemplate()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder promptTemplate(String value) { config.promptTemplate(value); return this; }
        /**
         * Sets {@link ProjectModelConfigRequest#chatTemplate()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder chatTemplate(List<ChatMessage> value) { config.chatTemplate(value); return this; }
        /**
         * Sets {@link ProjectModelConfigRequest#tools()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder tools(List<ToolDefinition> value) { config.tools(value); return this; }

        /**
         * Sets {@link ProjectModelConfigRequest#fallbacks()}.
         *
         * @param value the fallbacks
         * @return this builder
         */
        public Builder fallbacks(List<Fallback> value) { config.fallbacks(value); return this; }

        /**
         * The request.
         *
         * @return the request
         */
        public ProjectModelConfigRequest build() {
            ModelConfigRequest c = config.build();
            Required.check("ProjectModelConfigRequest", "model", c.model());
            return new ProjectModelConfigRequest(project, projectId, experiment, c.model(), c.provider(), c.name(),
                    c.description(), c.maxTokens(), c.temperature(), c.topP(), c.stop(), c.presencePenalty(),
                    c.frequencyPenalty(), c.other(), c.seed(), c.responseFormat(), c.endpoint(), c.promptTemplate(),
                    c.chatTemplate(), c.tools(), c.fallbacks());
        }
    }

    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
