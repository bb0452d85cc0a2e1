package dev.openloop.client;

import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.common.Required;

/**
 * {@code POST /chat-experiment}: a chat answer from an experiment: each sample draws one of its configs.
 *
 * <pre>{@code
 * ChatExperimentParams params = ChatExperimentParams.builder()
 *         .project("assistant")
 *         .messages(ChatMessage.user("Hello!"))
 *         .experimentId(experimentId)
 *         .build();
 * ApiResponse<ChatResponse> response = humanloop.chatExperiment(params);
 * }</pre>
 */
public final class ChatExperimentParams extends ChatCallParams {

    private ChatExperimentParams(Builder builder) {
        super("/chat-experiment", builder);
    }

    /**
     * A builder; {@code messages} and {@code experimentId} are required.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder(null);
    }

    /**
     * A builder starting from these parameters.
     *
     * @return a builder holding every field of these
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link ChatExperimentParams}. */
    public static final class Builder extends BaseBuilder<ChatExperimentParams, Builder> {
        private Builder(ChatExperimentParams from) {
            super(from);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * The experiment to draw configs from. Required.
         *
         * @param value {@code exp_…}
         * @return this builder
         */
        public Builder experimentId(String value) { body.experimentId(value); return this; }

        @Override
        public ChatExperimentParams build() {
            ChatRequest request = body.build();
            Required.check("ChatExperimentParams", "messages", request.messages(), "experimentId", request.experimentId());
            return new ChatExperimentParams(this);
        }
    }
}
