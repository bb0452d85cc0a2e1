package dev.openloop.server.provider;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ProviderApiKeys;
import dev.openloop.api.chat.ResponseFormat;
import dev.openloop.api.chat.ToolChoice;
import dev.openloop.api.config.ModelConfigRequest;
import java.util.List;

/**
 * One call to a provider, in v4 terms; each adapter translates it to its provider's wire format.
 *
 * @param config the config, defaults applied
 * @param messages the whole prompt: the rendered chat template followed by the request's messages
 * @param toolChoice whether and which tool the model must call; {@code null} leaves it to the provider
 * @param responseFormat JSON mode, or {@code null}
 * @param seed the sampling seed, or {@code null}
 * @param user the end user's id, or {@code null}
 * @param samples how many generations this call must produce
 * @param keys the request's provider keys; an adapter falls back to the server's own
 * @param completion for a text completion, its prompt and parameters ({@code messages} then holds
 *     the prompt as one user message); {@code null} for a chat
 */
public record ProviderRequest(
        ModelConfigRequest config,
        List<ChatMessage> messages,
        ToolChoice toolChoice,
        ResponseFormat responseFormat,
        Long seed,
        String user,
        int samples,
        ProviderApiKeys keys,
        TextCompletion completion) {

    /** A chat call. */
    public ProviderRequest(ModelConfigRequest config, List<ChatMessage> messages, ToolChoice toolChoice,
            ResponseFormat responseFormat, Long seed, String user, int samples, ProviderApiKeys keys) {
        this(config, messages, toolChoice, responseFormat, seed, user, samples, keys, null);
    }

    /** The same call producing {@code n} samples. */
    public ProviderRequest withSamples(int n) {
        return new ProviderRequest(config, messages, toolChoice, responseFormat, seed, user, n, keys, completion);
    }

    /** Whether the call asks for a text completion. */
    public boolean isCompletion() {
        return completion != null;
    }

    /** The call's kind as OpenTelemetry's GenAI conventions name it: {@code chat} or {@code text_completion}. */
    public String operationName() {
        return isCompletion() ? "text_completion" : "chat";
    }

    @Override
    public String toString() {
        return "ProviderRequest[" + config.provider() + "/" + config.model() + ", " + messages.size() + " messages, samples="
                + samples + "]";
    }
}
