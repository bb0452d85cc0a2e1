package dev.openloop.api.chat;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.openloop.api.common.Unmodifiable;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.json.ClosedSchema;
import dev.openloop.api.json.WireText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of the four chat endpoints. They share every field but one: {@code /chat} takes
 * {@code model_config}, {@code /chat-model-config} {@code model_config_id}, {@code /chat-experiment}
 * {@code experiment_id} and {@code /chat-deployed} an optional {@code environment}. A field that
 * belongs to another endpoint is refused by the server as an extra field.
 *
 * @param messages the conversation, placed after the config's chat template
 * @param project project name; created when unknown
 * @param projectId project id ({@code pr_…})
 * @param sessionId an existing session ({@code sesh_…})
 * @param sessionReferenceId the caller's own session key; the session is created on first use
 * @param parentId parent log ({@code data_…})
 * @param parentReferenceId the caller's own key of the parent log
 * @param inputs values for the template's {@code {{name}}} placeholders
 * @param source free-text label of where the call came from
 * @param metadata anything to store with the log
 * @param save {@code false} keeps the log but not its payloads; default true
 * @param sourceDatapointId the dataset datapoint this generation is for
 * @param providerApiKeys provider keys for this call only
 * @param numSamples number of generations; default 1
 * @param stream answer with server-sent events
 * @param user end-user id, passed to the provider
 * @param seed deprecated: use the config's seed
 * @param returnInputs {@code false} empties {@code data[].inputs} in the answer; default true
 * @param toolChoice whether and which tool the model must call
 * @param toolCall the deprecated spelling of {@code tool_choice}
 * @param responseFormat JSON mode
 * @param modelConfig {@code /chat}: the inline config
 * @param modelConfigId {@code /chat-model-config}: a registered config
 * @param experimentId {@code /chat-experiment}: the experiment to draw configs from
 * @param environment {@code /chat-deployed}: the environment's name; the default one when absent
 */
@ClosedSchema
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChatRequest(
        List<ChatMessage> messages,
        String project,
        String projectId,
        String sessionId,
        String sessionReferenceId,
        String parentId,
        String parentReferenceId,
        Map<String, Object> inputs,
        String source,
        Map<String, Object> metadata,
        Boolean save,
        String sourceDatapointId,
        ProviderApiKeys providerApiKeys,
        Integer numSamples,
        Boolean stream,
        String user,
        Long seed,
        Boolean returnInputs,
        ToolChoice toolChoice,
        @JsonDeserialize(using = ToolChoice.LegacyDeserializer.class)
        @JsonSerialize(using = ToolChoice.LegacySerializer.class) ToolChoice toolCall,
        ResponseFormat responseFormat,
        ModelConfigRequest modelConfig,
        String modelConfigId,
        String experimentId,
        String environment) {

    /** Keeps unmodifiable copies of the collections given, so that the record cannot change once made. */
    public ChatRequest {
        messages = Unmodifiable.copyOf(messages);
        inputs = Unmodifiable.copyOf(inputs);
        metadata = Unmodifiable.copyOf(metadata);
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
     * A builder starting from this request.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a {@link ChatRequest}; every field is optional here, the server checks what its endpoint needs. */
    public static final class Builder {
        private List<ChatMessage> messages;
        private String project;
        private String projectId;
        private String sessionId;
        private String sessionReferenceId;
        private String parentId;
        private String parentReferenceId;
        private Map<String, Object> inputs;
        private String source;
        private Map<String, Object> metadata;
        private Boolean save;
        private String sourceDatapointId;
        private ProviderApiKeys providerApiKeys;
        private Integer numSamples;
        private Boolean stream;
        private String user;
        private Long seed;
        private Boolean returnInputs;
        private ToolChoice toolChoice;
        private ToolChoice toolCall;
        private ResponseFormat responseFormat;
        private ModelConfigRequest modelConfig;
        private String modelConfigId;
        private String experimentId;
        private String environment;

        private Builder() {
        }

        private Builder(ChatRequest r) {
            messages = r.messages;
            project = r.project;
            projectId = r.projectId;
            sessionId = r.sessionId;
            sessionReferenceId = r.sessionReferenceId;
            parentId = r.parentId;
            parentReferenceId = r.parentReferenceId;
            inputs = r.inputs;
            source = r.source;
            metadata = r.metadata;
            save = r.save;
            sourceDatapointId = r.sourceDatapointId;
            providerApiKeys = r.providerApiKeys;
            numSamples = r.numSamples;
            stream = r.stream;
            user = r.user;
            seed = r.seed;
            returnInputs = r.returnInputs;
            toolChoice = r.toolChoice;
            toolCall = r.toolCall;
            responseFormat = r.responseFormat;
            modelConfig = r.modelConfig;
            modelConfigId = r.modelConfigId;
            experimentId = r.experimentId;
            environment = r.environment;
        }

        /**
         * Sets {@link ChatRequest#messages()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder messages(List<ChatMessage> value) { messages = value == null ? null : List.copyOf(value); return this; }
        /**
         * Sets {@link ChatRequest#messages()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder messages(ChatMessage... value) { messages = List.of(value); return this; }
        /**
         * Sets {@link ChatRequest#project()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder project(String value) { project = value; return this; }
        /**
         * Sets {@link ChatRequest#projectId()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder projectId(String value) { projectId = value; return this; }
        /**
         * Sets {@link ChatRequest#sessionId()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder sessionId(String value) { sessionId = value; return this; }
        /**
         * Sets {@link ChatRequest#sessionReferenceId()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder sessionReferenceId(String value) { sessionReferenceId = value; return this; }
        /**
         * Sets {@link ChatRequest#parentId()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder parentId(String value) { parentId = value; return this; }
        /**
         * Sets {@link ChatRequest#parentReferenceId()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder parentReferenceId(String value) { parentReferenceId = value; return this; }
        /**
         * Sets {@link ChatRequest#inputs()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder inputs(Map<String, ?> value) { inputs = value == null ? null : new LinkedHashMap<>(value); return this; }
        /**
         * Sets {@link ChatRequest#source()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder source(String value) { source = value; return this; }
        /**
         * Sets {@link ChatRequest#metadata()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder metadata(Map<String, ?> value) { metadata = value == null ? null : new LinkedHashMap<>(value); return this; }
        /**
         * Sets {@link ChatRequest#save()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder save(Boolean value) { save = value; return this; }
        /**
         * Sets {@link ChatRequest#sourceDatapointId()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder sourceDatapointId(String value) { sourceDatapointId = value; return this; }
        /**
         * Sets {@link ChatRequest#providerApiKeys()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder providerApiKeys(ProviderApiKeys value) { providerApiKeys = value; return this; }
        /**
         * Sets {@link ChatRequest#numSamples()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder numSamples(Integer value) { numSamples = value; return this; }
        /**
         * Sets {@link ChatRequest#stream()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder stream(Boolean value) { stream = value; return this; }
        /**
         * Sets {@link ChatRequest#user()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder user(String value) { user = value; return this; }
        /**
         * Sets {@link ChatRequest#seed()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder seed(Long value) { seed = value; return this; }
        /**
         * Sets {@link ChatRequest#seed()} from a plain number, e.g. {@code seed(42)}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder seed(long value) { return seed(Long.valueOf(value)); }
        /**
         * Sets {@link ChatRequest#returnInputs()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder returnInputs(Boolean value) { returnInputs = value; return this; }
        /**
         * Sets {@link ChatRequest#toolChoice()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder toolChoice(ToolChoice value) { toolChoice = value; return this; }
        /**
         * Sets {@link ChatRequest#toolCall()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder toolCall(ToolChoice value) { toolCall = value; return this; }
        /**
         * Sets {@link ChatRequest#toolChoice()} from its wire spelling.
         *
         * @param value {@code "none"}, {@code "auto"} or {@code "required"}
         * @return this builder
         * @throws IllegalArgumentException for any other text; see {@link ToolChoice#of}
         */
        public Builder toolChoice(String value) { return toolChoice(ToolChoice.of(value)); }
        /**
         * Sets {@link ChatRequest#toolCall()} from its wire spelling, as the Python SDK's {@code tool_call="auto"}.
         *
         * @param value {@code "none"}, {@code "auto"} or {@code "required"}
         * @return this builder
         * @throws IllegalArgumentException for any other text; see {@link ToolChoice#of}
         */
        public Builder toolCall(String value) { return toolCall(ToolChoice.of(value)); }
        /**
         * Sets {@link ChatRequest#responseFormat()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder responseFormat(ResponseFormat value) { responseFormat = value; return this; }
        /**
         * Sets {@link ChatRequest#modelConfig()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder modelConfig(ModelConfigRequest value) { modelConfig = value; return this; }
        /**
         * Sets {@link ChatRequest#modelConfigId()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder modelConfigId(String value) { modelConfigId = value; return this; }
        /**
         * Sets {@link ChatRequest#experimentId()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder experimentId(String value) { experimentId = value; return this; }
        /**
         * Sets {@link ChatRequest#environment()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder environment(String value) { environment = value; return this; }

        /**
         * The request.
         *
         * @return the request
         */
        public ChatRequest build() {
            return new ChatRequest(messages, project, projectId, sessionId, sessionReferenceId, parentId,
                    parentReferenceId, inputs, source, metadata, save, sourceDatapointId, providerApiKeys, numSamples,
                    stream, user, seed, returnInputs, toolChoice, toolCall, responseFormat, modelConfig, modelConfigId,
                    experimentId, environment);
        }
    }

    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
