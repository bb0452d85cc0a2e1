package dev.openloop.examples;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatResponse;
import dev.openloop.api.chat.ProviderApiKeys;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.client.ApiException;
import dev.openloop.client.ApiResponse;
import dev.openloop.client.ChatParams;
import dev.openloop.client.Humanloop;
import java.util.Map;

/** The seed's {@code humanloop.chats.create} example, translated. */
public final class CreateExample {
    private CreateExample() {
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
            ApiResponse<ChatResponse> createResponse = humanloop.chat(ChatParams.builder()
                    .messages(ChatMessage.user("Hello!"))            // required
                    .modelConfig(ModelConfigRequest.builder()        // required
                            .model("model_example")
                            .maxTokens(-1)
                            .temperature(1)
                            .topP(1)
                            .presencePenalty(0)
                            .frequencyPenalty(0)
                            .build())
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
            System.out.println(createResponse.body());
            System.out.println(createResponse.body().data());
            System.out.println(createResponse.body().providerResponses());
            System.out.println(createResponse.body().projectId());
            System.out.println(createResponse.body().numSamples());
            System.out.println(createResponse.body().logprobs());
            System.out.println(createResponse.body().suffix());
            System.out.println(createResponse.body().user());
            System.out.println(createResponse.body().usage());
            System.out.println(createResponse.body().metadata());
            System.out.println(createResponse.body().toolCall());
            System.out.println(createResponse.headers());
            System.out.println(createResponse.status());
            System.out.println(createResponse.roundTripTime());
        } catch (ApiException e) {
            System.out.println("Exception when calling Chats.create: " + e);
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
