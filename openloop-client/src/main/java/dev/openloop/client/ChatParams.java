package dev.openloop.client;

import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.common.Required;
import dev.openloop.api.config.ModelConfigRequest;

/**
 * {@code POST /chat}: a chat answer from a model config given in the request.
 *
 * <pre>{@code
 * ChatParams params = ChatParams.builder()
 *         .project("assistant")
 *         .messages(ChatMessage.user("Hello!"))
 *         .modelConfig(ModelConfigRequest.builder()
 *                 .provider(ModelProvider.OPENAI).model("gpt-4o").temperature(1).build())
 *         .build();
 * ApiResponse<ChatResponse> response = humanloop.chat(params);
 * }</pre>
 */
public final class ChatParams extends ChatCallParams {

    private ChatParams(Builder builder) {
        super("/chat", builder);
    }

    /**
     * A builder; {@code messages} and {@code modelConfig} (with its {@code model}) are required.
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

    /** Builds {@link ChatParams}. */
    public static final class Builder extends BaseBuilder<ChatParams, Builder> {
        private Builder(ChatParams from) {
            super(from);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * The model config to generate with. Required, with its {@code model}.
         *
         * @param value e.g. {@code ModelConfigRequest.of(ModelProvider.OPENAI, "gpt-4o")}
         * @return this builder
         */
        public Builder modelConfig(ModelConfigRequest value) { body.modelConfig(value); return this; }

        @Override
        public ChatParams build() {
            ChatRequest request = body.build();
            Required.check("ChatParams", "messages", request.messages(), "modelConfig", request.modelConfig());
            Required.check("ChatParams", "modelConfig.model", request.modelConfig().model());
            return new ChatParams(this);
        }
    }
}
