package dev.openloop.api.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ResponseFormat;
import dev.openloop.api.common.Unmodifiable;
import dev.openloop.api.json.ClosedSchema;
import dev.openloop.api.json.WireText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chat model config given inline ({@code ModelConfigChatRequest} in the v4 schema). Absent
 * fields take the v4 defaults, see {@link #withDefaults()}.
 *
 * @param model the provider's model name; for Azure, the deployment name
 * @param provider the provider; {@code openai} when absent
 * @param name display name
 * @param description description
 * @param maxTokens tokens to generate at most; {@code -1} (the default) means as many as fit
 * @param temperature sampling temperature, default 1
 * @param topP nucleus sampling, default 1
 * @param stop stop sequences; a single string is read as a list of one
 * @param presencePenalty default 0
 * @param frequencyPenalty default 0
 * @param other extra provider parameters, merged into the provider call
 * @param seed sampling seed
 * @param responseFormat JSON mode
 * @param endpoint provider endpoint kind; {@code chat} when absent
 * @param promptTemplate a completion prompt template; refused on {@code /chat}, kept when
 *     registering and logging
 * @param chatTemplate messages placed before the request's, with {@code {{input}}} placeholders
 * @param tools tools exposed to the model
 * @param fallbacks an OpenLoop extension: what answers, in order, when this config's provider fails
 *     in a way another may get around; not a parameter of the config, so not part of its id (see
 *     {@link Fallback})
 */
@ClosedSchema
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelConfigRequest(
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
    public ModelConfigRequest {
        stop = Unmodifiable.copyOf(stop);
        other = Unmodifiable.copyOf(other);
        chatTemplate = Unmodifiable.copyOf(chatTemplate);
        tools = Unmodifiable.copyOf(tools);
        fallbacks = Unmodifiable.copyOf(fallbacks);
    }

    /**
     * The config without its fallbacks: its parameters alone, as a version is stored and identified.
     *
     * @return the config without its fallbacks
     */
    public ModelConfigRequest withoutFallbacks() {
        return fallbacks == null ? this : toBuilder().fallbacks(null).build();
    }

    /**
     * A config for {@code model} on {@code provider}, everything else default.
     *
     * @param provider the provider
     * @param model the model's name
     * @return A config for {@code model} on {@code provider}, everything else default
     */
    public static ModelConfigRequest of(ModelProvider provider, String model) {
        return builder().provider(provider).model(model).build();
    }

    /**
     * A copy with every absent field set to its v4 default.
     *
     * @return A copy with every absent field set to its v4 default
     */
    public ModelConfigRequest withDefaults() {
        return new ModelConfigRequest(
                model,
                provider == null ? ModelProvider.OPENAI : provider,
                name,
                description,
                maxTokens == null ? -1 : maxTokens,
                temperature == null ? 1.0 : temperature,
                topP == null ? 1.0 : topP,
                stop,
                presencePenalty == null ? 0.0 : presencePenalty,
                frequencyPenalty == null ? 0.0 : frequencyPenalty,
                other == null ? Map.of() : other,
                seed,
                responseFormat,
                endpoint == null ? ModelEndpoint.CHAT : endpoint,
                promptTemplate,
                chatTemplate,
                tools,
                fallbacks);
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
     * A builder starting from this config.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.model = model;
        b.provider = provider;
        b.name = name;
        b.description = description;
        b.maxTokens = maxTokens;
        b.temperature = temperature;
        b.topP = topP;
        b.stop = stop;
        b.presencePenalty = presencePenalty;
        b.frequencyPenalty = frequencyPenalty;
        b.other = other;
        b.seed = seed;
        b.responseFormat = responseFormat;
        b.endpoint = endpoint;
        b.promptTemplate = promptTemplate;
        b.chatTemplate = chatTemplate;
        b.tools = tools;
        b.fallbacks = fallbacks;
        return b;
    }

    /** Builds a {@link ModelConfigRequest}. */
    public static final class Builder {
        private String model;
        private ModelProvider provider;
        private String name;
        private String description;
        private Integer maxTokens;
        private Double temperature;
        private Double topP;
        private List<String> stop;
        private Double presencePenalty;
        private Double frequencyPenalty;
        private Map<String, Object> other;
        private Long seed;
        private ResponseFormat responseFormat;
        private ModelEndpoint endpoint;
        private String promptTemplate;
        private List<ChatMessage> chatTemplate;
        private List<ToolDefinition> tools;
        private List<Fallback> fallbacks;

        private Builder() {
        }

        /**
         * Sets {@link ModelConfigRequest#model()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder model(String value) { this.model = value; return this; }
        /**
         * Sets {@link ModelConfigRequest#provider()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder provider(ModelProvider value) { this.provider = value; return this; }
        /**
         * Sets {@link ModelConfigRequest#name()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder name(String value) { this.name = value; return this; }
        /**
         * Sets {@link ModelConfigRequest#description()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder description(String value) { this.description = value; return this; }
        /**
         * Sets {@link ModelConfigRequest#maxTokens()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder maxTokens(Integer value) { this.maxTokens = value; return this; }
        /**
         * Sets {@link ModelConfigRequest#temperature()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder temperature(Double value) { this.temperature = value; return this; }
        /**
         * Sets {@link ModelConfigRequest#temperature()} from a plain number, e.g. {@code temperature(1)}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder temperature(double value) { return temperature(Double.valueOf(value)); }
        /**
         * Sets {@link ModelConfigRequest#topP()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder topP(Double value) { this.topP = value; return this; }
        /**
         * Sets {@link ModelConfigRequest#topP()} from a plain number, e.g. {@code topP(1)}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder topP(double value) { return topP(Double.valueOf(value)); }
        /**
         * Sets {@link ModelConfigRequest#stop()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder stop(List<String> value) { this.stop = value == null ? null : List.copyOf(value); return this; }
        /**
         * Sets {@link ModelConfigRequest#presencePenalty()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder presencePenalty(Double value) { this.presencePenalty = value; return this; }
        /**
         * Sets {@link ModelConfigRequest#presencePenalty()} from a plain number, e.g. {@code presencePenalty(1)}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder presencePenalty(double value) { return presencePenalty(Double.valueOf(value)); }
        /**
         * Sets {@link ModelConfigRequest#frequencyPenalty()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder frequencyPenalty(Double value) { this.frequencyPenalty = value; return this; }
        /**
         * Sets {@link ModelConfigRequest#frequencyPenalty()} from a plain number, e.g. {@code frequencyPenalty(1)}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder frequencyPenalty(double value) { return frequencyPenalty(Double.valueOf(value)); }
        /**
         * Sets {@link ModelConfigRequest#other()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder other(Map<String, Object> value) { this.other = value == null ? null : new LinkedHashMap<>(value); return this; }
        /**
         * Sets {@link ModelConfigRequest#seed()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder seed(Long value) { this.seed = value; return this; }
        /**
         * Sets {@link ModelConfigRequest#seed()} from a plain number, e.g. {@code seed(42)}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder seed(long value) { return seed(Long.valueOf(value)); }
        /**
         * Sets {@link ModelConfigRequest#responseFormat()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder responseFormat(ResponseFormat value) { this.responseFormat = value; return this; }
        /**
         * Sets {@link ModelConfigRequest#endpoint()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder endpoint(ModelEndpoint value) { this.endpoint = value; return this; }
        /**
         * Sets {@link ModelConfigRequest#promptTemplate()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder promptTemplate(String value) { this.promptTemplate = value; return this; }
        /**
         * Sets {@link ModelConfigRequest#chatTemplate()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder chatTemplate(List<ChatMessage> value) { this.chatTemplate = value == null ? null : List.copyOf(value); return this; }
        /**
         * Sets {@link ModelConfigRequest#tools()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder tools(List<ToolDefinition> value) { this.tools = value == null ? null : List.copyOf(value); return this; }

        /**
         * Sets {@link ModelConfigRequest#fallbacks()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder fallbacks(List<Fallback> value) { this.fallbacks = value == null ? null : List.copyOf(value); return this; }

        /**
         * The config.
         *
         * @return the request
         */
        public ModelConfigRequest build() {
            return new ModelConfigRequest(model, provider, name, description, maxTokens, temperature, topP, stop,
                    presencePenalty, frequencyPenalty, other, seed, responseFormat, endpoint, promptTemplate, chatTemplate, tools,
                    fallbacks);
        }
    }

    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
