package dev.openloop.client;

import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.common.Required;

/**
 * {@code POST /chat-model-config}: a chat answer from a registered model config.
 *
 * <pre>{@code
 * ChatModelConfigParams params = ChatModelConfigParams.builder()
 *         .project("assistant")
 *         .messages(ChatMessage.user("Hello!"))
 *         .modelConfigId(configId)
 *         .build();
 * ApiResponse<ChatResponse> response = humanloop.chatModelConfiguration(params);
 * }</pre>
 */
public final class ChatModelConfigParams extends ChatCallParams {

    private ChatModelConfigParams(Builder builder) {
        super("/chat-model-config", builder);
    }

    /**
     * A builder; {@code messages} and {@code modelConfigId} are required.
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

    /** Builds {@link ChatModelConfigParams}. */
    public static final class Builder extends BaseBuilder<ChatModelConfigParams, Builder> {
        private Builder(ChatModelConfigParams from) {
            super(from);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * The registered config to generate with. Required.
         *
         * @param value {@code config_…}
         * @return this builder
         */
        public Builder modelConfigId(String value) { body.modelConfigId(value); return this; }

        @Override
        public ChatModelConfigParams build() {
            ChatRequest request = body.build();
            Required.check("ChatModelConfigParams", "messages", request.messages(), "modelConfigId", request.modelConfigId());
            return new ChatModelConfigParams(this);
        }
    }
}
