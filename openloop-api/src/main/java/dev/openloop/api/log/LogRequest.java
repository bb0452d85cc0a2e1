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

    /** A builder. */
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

        /** See {@link LogRequest#project()}. */
        public Builder project(String value) { project = value; return this; }
        /** See {@link LogRequest#projectId()}. */
        public Builder projectId(String value) { projectId = value; return this; }
        /** See {@link LogRequest#sessionId()}. */
        public Builder sessionId(String value) { sessionId = value; return this; }
        /** See {@link LogRequest#sessionReferenceId()}. */
        public Builder sessionReferenceId(String value) { sessionReferenceId = value; return this; }
        /** See {@link LogRequest#parentId()}. */
        public Builder parentId(String value) { parentId = value; return this; }
        /** See {@link LogRequest#parentReferenceId()}. */
        public Builder parentReferenceId(String value) { parentReferenceId = value; return this; }
        /** See {@link LogRequest#inputs()}. */
        public Builder inputs(Map<String, Object> value) { inputs = value; return this; }
        /** See {@link LogRequest#source()}. */
        public Builder source(String value) { source = value; return this; }
        /** See {@link LogRequest#metadata()}. */
        public Builder metadata(Map<String, Object> value) { metadata = value; return this; }
        /** See {@link LogRequest#save()}. */
        public Builder save(Boolean value) { save = value; return this; }
        /** See {@link LogRequest#sourceDatapointId()}. */
        public Builder sourceDatapointId(String value) { sourceDatapointId = value; return this; }
        /** See {@link LogRequest#referenceId()}. */
        public Builder referenceId(String value) { referenceId = value; return this; }
        /** See {@link LogRequest#trialId()}. */
        public Builder trialId(String value) { trialId = value; return this; }
        /** See {@link LogRequest#messages()}. */
        public Builder messages(List<ChatMessage> value) { messages = value; return this; }
        /** See {@link LogRequest#output()}. */
        public Builder output(String value) { output = value; return this; }
        /** See {@link LogRequest#configId()}. */
        public Builder configId(String value) { configId = value; return this; }
        /** See {@link LogRequest#config()}. */
        public Builder config(ModelConfigRequest value) { config = value; return this; }
        /** See {@link LogRequest#environment()}. */
        public Builder environment(String value) { environment = value; return this; }
        /** See {@link LogRequest#feedback()}. */
        public Builder feedback(List<FeedbackRequest> value) { feedback = value; return this; }
        /** See {@link LogRequest#createdAt()}. */
        public Builder createdAt(Instant value) { createdAt = value; return this; }
        /** See {@link LogRequest#error()}. */
        public Builder error(String value) { error = value; return this; }
        /** See {@link LogRequest#duration()}. */
        public Builder duration(Double value) { duration = value; return this; }
        /** See {@link LogRequest#outputMessage()}. */
        public Builder outputMessage(ChatMessage value) { outputMessage = value; return this; }
        /** See {@link LogRequest#promptTokens()}. */
        public Builder promptTokens(Integer value) { promptTokens = value; return this; }
        /** See {@link LogRequest#outputTokens()}. */
        public Builder outputTokens(Integer value) { outputTokens = value; return this; }
        /** See {@link LogRequest#providerRequest()}. */
        public Builder providerRequest(JsonNode value) { providerRequest = value; return this; }
        /** See {@link LogRequest#providerResponse()}. */
        public Builder providerResponse(JsonNode value) { providerResponse = value; return this; }

        /** The request. */
        public LogRequest build() {
            return new LogRequest(project, projectId, sessionId, sessionReferenceId, parentId, parentReferenceId, inputs,
                    source, metadata, save, sourceDatapointId, referenceId, trialId, messages, output, configId, config,
                    environment, feedback, createdAt, error, duration, outputMessage, promptTokens, outputTokens,
                    providerRequest, providerResponse);
        }
    }
}
