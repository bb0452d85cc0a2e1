package dev.openloop.api.chat;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Provider keys for one call. They are used for that call and never stored; {@link #toString()}
 * never shows them.
 *
 * @param openai OpenAI key
 * @param openaiAzure Azure OpenAI key
 * @param openaiAzureEndpoint Azure OpenAI endpoint URL (named a key on the wire, but it is a URL)
 * @param ai21 AI21 key
 * @param mock key for the mock provider; accepted and ignored
 * @param anthropic Anthropic key
 * @param cohere Cohere key
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProviderApiKeys(
        String openai,
        String openaiAzure,
        String openaiAzureEndpoint,
        String ai21,
        String mock,
        String anthropic,
        String cohere) {

    /** No keys. */
    public static final ProviderApiKeys NONE = new ProviderApiKeys(null, null, null, null, null, null, null);

    /**
     * Fills each key this one lacks from {@code fallback}: keys already set here win.
     *
     * @param fallback keys to fall back to, may be {@code null}
     * @return the merged keys
     */
    public ProviderApiKeys orElse(ProviderApiKeys fallback) {
        if (fallback == null) {
            return this;
        }
        return new ProviderApiKeys(
                first(openai, fallback.openai),
                first(openaiAzure, fallback.openaiAzure),
                first(openaiAzureEndpoint, fallback.openaiAzureEndpoint),
                first(ai21, fallback.ai21),
                first(mock, fallback.mock),
                first(anthropic, fallback.anthropic),
                first(cohere, fallback.cohere));
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    @Override
    public String toString() {
        return "ProviderApiKeys[redacted]";
    }
}
