package dev.openloop.examples;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatResponse;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.client.ApiResponse;
import dev.openloop.client.ChatParams;
import dev.openloop.client.Humanloop;

public final class Hello {
    public static void main(String[] args) {
        try (Humanloop humanloop = Humanloop.fromEnv()) {
            ApiResponse<ChatResponse> response = humanloop.chat(ChatParams.builder()
                    .project("hello")
                    .messages(ChatMessage.user("Hello!"))
                    .modelConfig(ModelConfigRequest.of(ModelProvider.MOCK, "mock-1"))
                    .build());
            System.out.println(response.body().data().getFirst().output());
        }
    }
}
