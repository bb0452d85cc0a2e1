package dev.openloop.server.provider.openaicompat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.server.json.Json;
import dev.openloop.server.provider.ProviderRequest;
import dev.openloop.server.provider.TextCompletion;
import java.util.Map;

/**
 * Builds bodies of OpenAI's legacy Completions API ({@code POST /completions}): the prompt as one
 * text, and the parameters that API takes. As for Chat Completions, parameters equal to the v4
 * defaults are left out, so the provider applies its own; the output limit is always
 * {@code max_tokens}, the only name that API knows.
 */
final class CompletionsRequests {
    private CompletionsRequests() {
    }

    /**
     * The body for {@code request}, a text completion.
     *
     * @param includeModel whether to name the model ({@code false} for Azure, which names the deployment in the URL)
     */
    static ObjectNode body(ProviderRequest request, boolean stream, boolean includeModel) {
        ModelConfigRequest config = request.config();
        TextCompletion completion = request.completion();
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (includeModel) {
            body.put("model", config.model());
        }
        body.put("prompt", completion.prompt());
        if (completion.suffix() != null) {
            body.put("suffix", completion.suffix());
        }
        if (request.samples() > 1) {
            body.put("n", request.samples());
        }
        if (config.maxTokens() != null && config.maxTokens() > 0) {
            body.put("max_tokens", config.maxTokens());
        }
        putIfNot(body, "temperature", config.temperature(), 1.0);
        putIfNot(body, "top_p", config.topP(), 1.0);
        putIfNot(body, "presence_penalty", config.presencePenalty(), 0.0);
        putIfNot(body, "frequency_penalty", config.frequencyPenalty(), 0.0);
        if (config.stop() != null && !config.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            config.stop().forEach(stop::add);
        }
        if (completion.logprobs() != null) {
            body.put("logprobs", completion.logprobs());
        }
        if (request.seed() != null) {
            body.put("seed", request.seed());
        }
        if (request.user() != null) {
            body.put("user", request.user());
        }
        if (stream) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        for (Map.Entry<String, Object> extra : config.other().entrySet()) {
            body.set(extra.getKey(), Json.MAPPER.valueToTree(extra.getValue()));
        }
        return body;
    }

    private static void putIfNot(ObjectNode body, String name, Double value, double providerDefault) {
        if (value != null && value != providerDefault) {
            body.put(name, value);
        }
    }
}
