package dev.openloop.server.provider;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A provider as the fault matrix sees it: how to point OpenLoop at a fake of it, and the golden
 * files that fake answers with. Adding a provider to the matrix means adding one method here and
 * naming it in {@link #all()}.
 *
 * @param provider the v4 provider name ({@code model_config.provider})
 * @param origin the {@code origin} its failures are reported with
 * @param model the {@code model_config.model} to ask for
 * @param secret the key OpenLoop is given for it, which must show in no answer and no log
 * @param environment the server's environment for a fake at the given base URL: its base-URL
 *     variable and its key
 * @param completion golden file of a whole non-streamed answer
 * @param stream golden file of a whole stream, at least three events, ending in its end marker
 * @param errorBody golden file of its error body for an HTTP status
 * @param errorMessage the message in one of its error bodies
 * @param streamFailure a stream that reports an error after some text, in the provider's own way
 */
record FaultProfile(
        String provider,
        String origin,
        String model,
        String secret,
        Function<String, Map<String, String>> environment,
        String completion,
        String stream,
        IntFunction<String> errorBody,
        Function<JsonNode, String> errorMessage,
        StreamFailure streamFailure) {

    /**
     * A stream that fails in its middle with the provider's own error event.
     *
     * @param golden the stream's golden file: some text, then the error
     * @param status the status OpenLoop reports it with
     * @param type the {@code type} it is reported with
     * @param message the provider's message
     */
    record StreamFailure(String golden, int status, String type, String message) {
    }

    /** Every provider in the matrix. */
    static List<FaultProfile> all() {
        return List.of(openai(), azure(), anthropic(), cohere(), ai21(), google());
    }

    static FaultProfile openai() {
        String key = "sk-test-fault-matrix-0000cdef";
        return new FaultProfile("openai", "OpenAI", "gpt-4o", key,
                baseUrl -> Map.of("OPENAI_BASE_URL", baseUrl + "/v1", "OPENAI_API_KEY", key),
                "openai/chat_completion.json",
                "openai/stream_text.sse",
                status -> "openai/" + openAiStyleErrorFile(status),
                body -> body.path("error").path("message").asText(),
                // An {"error": ...} chunk, as OpenAI's SDKs read it.
                new StreamFailure("openai/stream_error.sse", 502, "bad_gateway_error",
                        "The server had an error while processing your request. Sorry about that!"));
    }

    static FaultProfile azure() {
        String key = "azure-fault-matrix-key-0123456789";
        return new FaultProfile("openai_azure", "Azure OpenAI", "gpt4o-prod", key,
                baseUrl -> Map.of("AZURE_OPENAI_ENDPOINT", baseUrl, "AZURE_OPENAI_API_KEY", key),
                "azure/chat_completion.json",
                "azure/stream_text.sse",
                status -> "azure/" + openAiStyleErrorFile(status),
                body -> body.path("error").path("message").asText(),
                new StreamFailure("azure/stream_error.sse", 502, "bad_gateway_error",
                        "The server had an error while processing your request. Sorry about that!"));
    }

    static FaultProfile anthropic() {
        String key = "sk-ant-fault-matrix-0123456789";
        return new FaultProfile("anthropic", "Anthropic", "claude-sonnet-4-5", key,
                baseUrl -> Map.of("ANTHROPIC_BASE_URL", baseUrl, "ANTHROPIC_API_KEY", key),
                "anthropic/message_text.json",
                "anthropic/stream_text.sse",
                // Anthropic reports overload as 529; a 503 from it carries the same body.
                status -> "anthropic/" + switch (status) {
                    case 400, 401, 404, 429, 500, 529 -> "error_" + status + ".json";
                    case 503 -> "error_529.json";
                    default -> "error_500.json";
                },
                body -> body.path("error").path("message").asText(),
                // event: error, with an overloaded_error: mapped as its status (529) would be.
                new StreamFailure("anthropic/stream_error.sse", 503, "service_unavailable_error", "Overloaded"));
    }

    static FaultProfile cohere() {
        String key = "cohere-fault-matrix-key-0123456789";
        return new FaultProfile("cohere", "Cohere", "command-a-03-2025", key,
                baseUrl -> Map.of("COHERE_BASE_URL", baseUrl, "COHERE_API_KEY", key),
                "cohere/chat_text.json",
                "cohere/stream_text.sse",
                status -> "cohere/" + openAiStyleErrorFile(status),
                body -> body.path("message").asText(),
                // message-end with an error and finish_reason ERROR.
                new StreamFailure("cohere/stream_error.sse", 502, "bad_gateway_error",
                        "the model failed to generate a response, please try again"));
    }

    static FaultProfile ai21() {
        String key = "ai21-fault-matrix-key-0123456789";
        return new FaultProfile("ai21", "AI21", "jamba-large", key,
                baseUrl -> Map.of("AI21_BASE_URL", baseUrl, "AI21_API_KEY", key),
                "ai21/chat_completion.json",
                "ai21/stream_text.sse",
                status -> "ai21/" + openAiStyleErrorFile(status),
                body -> body.path("detail").asText(),
                // A {"detail": ...} chunk in place of the next one.
                new StreamFailure("ai21/stream_error.sse", 502, "bad_gateway_error",
                        "The model failed while generating; please retry"));
    }

    static FaultProfile google() {
        String key = "AIzaSy-fault-matrix-key-0123456789";
        return new FaultProfile("google", "Google", "gemini-2.0-flash", key,
                baseUrl -> Map.of("GOOGLE_BASE_URL", baseUrl, "GOOGLE_API_KEY", key),
                "google/generate_text.json",
                "google/stream_text.sse",
                status -> "google/" + openAiStyleErrorFile(status),
                // Google ends some messages with a line break, which is not passed on.
                body -> ProviderErrors.sanitize(body.path("error").path("message").asText()),
                // A chunk holding an {"error": ...} object with Google's INTERNAL, after some text.
                new StreamFailure("google/stream_error.sse", 502, "bad_gateway_error",
                        "An internal error has occurred. Please retry or report in"
                                + " https://developers.generativeai.google/guide/troubleshooting"));
    }

    /** Golden bodies exist for these statuses; an overload (529) looks like the provider's 503. */
    private static String openAiStyleErrorFile(int status) {
        return switch (status) {
            case 400, 401, 404, 429, 500, 503 -> "error_" + status + ".json";
            case 529 -> "error_503.json";
            default -> "error_500.json";
        };
    }

    @Override
    public String toString() {
        return provider;
    }
}
