package dev.openloop.api.log;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.common.Unmodifiable;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.feedback.FeedbackRequest;
import dev.openloop.api.json.WireText;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A log made outside OpenLoop's chat endpoints ({@code POST /logs}), e.g. a generation the
 * caller ran itself with a config drawn from an experiment. One of {@code config},
 * {@code config_id} or {@code trial_id} says which config made it.
 *
 * @param project project name; created when unknown (when a {@code trial_id} is given, the
 *     experiment's project is the one, and may be left out)
 * @param projectId project id
 * @param sessionId an existing session
 * @param sessionReferenceId the caller's own session key; created on first use
 * @param parentId parent log
 * @param parentReferenceId the caller's own key of the parent log
 * @param inputs template inputs
 * @param source free-text label
 * @param metadata anything to keep with the log
 * @param save {@code false} keeps the log without its payloads
 * @param sourceDatapointId dataset datapoint
 * @param referenceId the caller's own unique key for this log
 * @param trialId the trial of an experiment draw
 * @param messages the prompt
 * @param output the generated text
 * @param configId a stored config
 * @param config a model config, stored as a version like an inline one ({@code type: "model"}, the
 *     default; v4's tool configs, {@code type: "tool"}, are refused)
 * @param environment the environment's name
 * @param feedback feedback to give the log at once; one object or a list
 * @param createdAt when it happened; now when absent
 * @param error what failed
 * @param duration seconds the generation took, not negative
 * @param outputMessage the assistant message
 * @param promptTokens tokens of the prompt
 * @param outputTokens tokens generated
 * @param providerRequest the body sent to the provider
 * @param providerResponse what the provider answered
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LogRequest(
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
        String referenceId,
        String trialId,
        List<ChatMessage> messages,
        String output,
        String configId,
        @JsonDeserialize(using = LogConfigReader.class) ModelConfigRequest config,
        String environment,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<FeedbackRequest> feedback,
        Instant createdAt,
        String error,
        Double duration,
        ChatMessage outputMessage,
        Integer promptTokens,
        Integer outputTokens,
        JsonNode providerRequest,
        JsonNode providerResponse) {

    /** Keeps unmodifiable copies of the collections given, so that the record cannot change once made. */
    public LogRequest {
        inputs = Unmodifiable.copyOf(inputs);
        metadata = Unmodifiable.copyOf(metadata);
        messages = Unmodifiable.copyOf(messages);
        feedback = Unmodifiable.copyOf(feedback);
    }

    /**
     * A builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link LogRequest}. */
    public static final class Builder {
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
        private String referenceId;
        private String trialId;
        private List<ChatMessage> messages;
        private String output;
        private String configId;
        private ModelConfigRequest config;
        private String environment;
        private List<FeedbackRequest> feedback;
        private Instant createdAt;
        private String error;
        private Double duration;
        private ChatMessage outputMessage;
        private Integer promptTokens;
        private Integer outputTokens;
        private JsonNode providerRequest;
        private JsonNode providerResponse;

        private Builder() {
        }

        /**
         * Sets {@link LogRequest#project()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder project(String value) { project = value; return this; }
        /**
         * Sets {@link LogRequest#projectId()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder projectId(String value) { projectId = value; return this; }
        /**
         * Sets {@link LogRequest#sessionId()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder sessionId(String value) { sessionId = value; return this; }
        /**
         * Sets {@link LogRequest#sessionReferenceId()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder sessionReferenceId(String value) { sessionReferenceId = value; return this; }
        /**
         * Sets {@link LogRequest#parentId()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder parentId(String value) { parentId = value; return this; }
        /**
         * Sets {@link LogRequest#parentReferenceId()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder parentReferenceId(String value) { parentReferenceId = value; return this; }
        /**
         * Sets {@link LogRequest#inputs()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder inputs(Map<String, Object> value) { inputs = value; return this; }
        /**
         * Sets {@link LogRequest#source()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder source(String value) { source = value; return this; }
        /**
         * Sets {@link LogRequest#metadata()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder metadata(Map<String, Object> value) { metadata = value; return this; }
        /**
         * Sets {@link LogRequest#save()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder save(Boolean value) { save = value; return this; }
        /**
         * Sets {@link LogRequest#sourceDatapointId()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder sourceDatapointId(String value) { sourceDatapointId = value; return this; }
        /**
         * Sets {@link LogRequest#referenceId()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder referenceId(String value) { referenceId = value; return this; }
        /**
         * Sets {@link LogRequest#trialId()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder trialId(String value) { trialId = value; return this; }
        /**
         * Sets {@link LogRequest#messages()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder messages(List<ChatMessage> value) { messages = value; return this; }
        /**
         * Sets {@link LogRequest#output()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder output(String value) { output = value; return this; }
        /**
         * Sets {@link LogRequest#configId()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder configId(String value) { configId = value; return this; }
        /**
         * Sets {@link LogRequest#config()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder config(ModelConfigRequest value) { config = value; return this; }
        /**
         * Sets {@link LogRequest#environment()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder environment(String value) { environment = value; return this; }
        /**
         * Sets {@link LogRequest#feedback()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder feedback(List<FeedbackRequest> value) { feedback = value; return this; }
        /**
         * Sets {@link LogRequest#createdAt()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder createdAt(Instant value) { createdAt = value; return this; }
        /**
         * Sets {@link LogRequest#error()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder error(String value) { error = value; return this; }
        /**
         * Sets {@link LogRequest#duration()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder duration(Double value) { duration = value; return this; }
        /**
         * Sets {@link LogRequest#duration()} from a plain number, e.g. {@code duration(1)}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder duration(double value) { return duration(Double.valueOf(value)); }
        /**
         * Sets {@link LogRequest#outputMessage()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder outputMessage(ChatMessage value) { outputMessage = value; return this; }
        /**
         * Sets {@link LogRequest#promptTokens()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder promptTokens(Integer value) { promptTokens = value; return this; }
        /**
         * Sets {@link LogRequest#outputTokens()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder outputTokens(Integer value) { outputTokens = value; return this; }
        /**
         * Sets {@link LogRequest#providerRequest()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder providerRequest(JsonNode value) { providerRequest = value; return this; }
        /**
         * Sets {@link LogRequest#providerResponse()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder providerResponse(JsonNode value) { providerResponse = value; return this; }

        /**
         * The request.
         *
         * @return the request
         */
        public LogRequest build() {
            return new LogRequest(project, projectId, sessionId, sessionReferenceId, parentId, parentReferenceId, inputs,
                    source, metadata, save, sourceDatapointId, referenceId, trialId, messages, output, configId, config,
                    environment, feedback, createdAt, error, duration, outputMessage, promptTokens, outputTokens,
                    providerRequest, providerResponse);
        }
    }

    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
