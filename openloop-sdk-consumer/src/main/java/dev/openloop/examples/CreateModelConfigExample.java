package dev.openloop.examples;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatResponse;
import dev.openloop.api.chat.ProviderApiKeys;
import dev.openloop.client.ApiException;
import dev.openloop.client.ApiResponse;
import dev.openloop.client.ChatModelConfigParams;
import dev.openloop.client.Humanloop;
import java.util.Map;

/** The seed's {@code humanloop.chats.create_model_config} example, translated. */
public final class CreateModelConfigExample {
    private CreateModelConfigExample() {
    }

    /**
     * Runs the example.
     *
     * @param args not used
     */
    public static void main(String[] args) {
        Humanloop humanloop = Humanloop.builder()
                .openaiApiKey("OPENAI_API_KEY")
                .openaiAzureApiKey("OPENAI_AZURE_API_KEY")
                .openaiAzureEndpointApiKey("OPENAI_AZURE_ENDPOINT_API_KEY")
                .ai21ApiKey("AI21_API_KEY")
                .mockApiKey("MOCK_API_KEY")
                .anthropicApiKey("ANTHROPIC_API_KEY")
                .cohereApiKey("COHERE_API_KEY")
                .apiKey("YOUR_API_KEY")
                .build();

        try {
            ApiResponse<ChatResponse> createModelConfigResponse = humanloop.chatModelConfiguration(ChatModelConfigParams.builder()
                    .messages(ChatMessage.user("Hello!"))            // required
                    .modelConfigId("string_example")                 // required
                    .project("string_example")                       // optional
                    .projectId("string_example")                     // optional
                    .sessionId("string_example")                     // optional
                    .sessionReferenceId("string_example")            // optional
                    .parentId("string_example")                      // optional
                    .parentReferenceId("string_example")             // optional
                    .inputs(Map.of())                                // optional
                    .source("string_example")                        // optional
                    .metadata(Map.of())                              // optional
                    .providerApiKeys(ProviderApiKeys.builder().build()) // optional
                    .numSamples(1)                                   // optional
                    .user("string_example")                          // optional
                    .toolCall("auto")                                // optional: "none", "auto" or "required"
                    .build());
            System.out.println(createModelConfigResponse.body());
            System.out.println(createModelConfigResponse.body().data());
            System.out.println(createModelConfigResponse.body().providerResponses());
            System.out.println(createModelConfigResponse.body().projectId());
            System.out.println(createModelConfigResponse.body().numSamples());
            System.out.println(createModelConfigResponse.body().logprobs());
            System.out.println(createModelConfigResponse.body().suffix());
            System.out.println(createModelConfigResponse.body().user());
            System.out.println(createModelConfigResponse.body().usage());
            System.out.println(createModelConfigResponse.body().metadata());
            System.out.println(createModelConfigResponse.body().toolCall());
            System.out.println(createModelConfigResponse.headers());
            System.out.println(createModelConfigResponse.status());
            System.out.println(createModelConfigResponse.roundTripTime());
        } catch (ApiException e) {
            System.out.println("Exception when calling Chats.create_model_config: " + e);
            System.out.println(e.body());
            if (e.status() == 422) {
                System.out.println(e.body().get("detail"));
            }
            System.out.println(e.headers());
            System.out.println(e.status());
            System.out.println(e.reason());
            System.out.println(e.roundTripTime());
        }
        humanloop.close();
    }
}
