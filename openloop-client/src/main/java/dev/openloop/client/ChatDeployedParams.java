package dev.openloop.client;

import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.common.Required;

/**
 * {@code POST /chat-deployed}: a chat answer from what the project has deployed to an environment (its default one unless {@link Builder#environment} names another). When an experiment is deployed there, each sample draws a config from it.
 *
 * <pre>{@code
 * ChatDeployedParams params = ChatDeployedParams.builder()
 *         .project("assistant")
 *         .messages(ChatMessage.user("Hello!"))
 *         .environment("production")
 *         .build();
 * ApiResponse<ChatResponse> response = humanloop.chatDeployed(params);
 * }</pre>
 */
public final class ChatDeployedParams extends ChatCallParams {

    private ChatDeployedParams(Builder builder) {
        super("/chat-deployed", builder);
    }

    /**
     * A builder; {@code messages} is required.
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

    /** Builds {@link ChatDeployedParams}. */
    public static final class Builder extends BaseBuilder<ChatDeployedParams, Builder> {
        private Builder(ChatDeployedParams from) {
            super(from);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * The environment whose deployment answers; the default environment when not set.
         *
         * @param value the environment's name, e.g. {@code production}
         * @return this builder
         */
        public Builder environment(String value) { body.environment(value); return this; }

        @Override
        public ChatDeployedParams build() {
            ChatRequest request = body.build();
            Required.check("ChatDeployedParams", "messages", request.messages());
            return new ChatDeployedParams(this);
        }
    }
}
