package dev.openloop.server.provider;

import dev.openloop.server.config.EnvReader;
import java.time.Duration;

/**
 * The server-wide provider settings: keys and base URLs from the environment, and the timeouts and
 * retries every provider call shares.
 *
 * @param openaiApiKey {@code OPENAI_API_KEY}
 * @param openaiBaseUrl {@code OPENAI_BASE_URL}, any OpenAI-compatible server
 * @param openaiMaxTokensParameter {@code OPENAI_MAX_TOKENS_PARAMETER}: the name {@code max_tokens} is
 *     sent under, {@code max_completion_tokens} (OpenAI's own API, the default at its URL) or
 *     {@code max_tokens} (the default elsewhere: many OpenAI-compatible servers know only that one)
 * @param azureApiKey {@code AZURE_OPENAI_API_KEY}
 * @param azureEndpoint {@code AZURE_OPENAI_ENDPOINT}, e.g. {@code https://my.openai.azure.com}
 * @param azureApiVersion {@code AZURE_OPENAI_API_VERSION}
 * @param anthropicApiKey {@code ANTHROPIC_API_KEY}
 * @param anthropicBaseUrl {@code ANTHROPIC_BASE_URL}
 * @param cohereApiKey {@code COHERE_API_KEY}
 * @param cohereBaseUrl {@code COHERE_BASE_URL}
 * @param ai21ApiKey {@code AI21_API_KEY}
 * @param ai21BaseUrl {@code AI21_BASE_URL}
 * @param googleApiKey {@code GOOGLE_API_KEY}, for Google's Gemini API
 * @param googleBaseUrl {@code GOOGLE_BASE_URL}
 * @param connectTimeout {@code OPENLOOP_PROVIDER_CONNECT_TIMEOUT_MS}
 * @param readTimeout {@code OPENLOOP_PROVIDER_READ_TIMEOUT_MS}: the longest wait for the next bytes
 * @param maxAttempts {@code OPENLOOP_PROVIDER_MAX_ATTEMPTS}: tries per call, the first included
 * @param retryBaseDelay {@code OPENLOOP_PROVIDER_RETRY_BASE_MS}: the first backoff before jitter
 * @param maxRetryAfter {@code OPENLOOP_PROVIDER_MAX_RETRY_AFTER_MS}: a longer Retry-After is not waited for
 * @param requestEndpoints {@code OPENLOOP_ALLOWED_ENDPOINT_HOSTS}: the endpoints a request may name
 *     (e.g. {@code provider_api_keys.openai_azure_endpoint}); none by default
 */
public record ProviderSettings(
        String openaiApiKey,
        String openaiBaseUrl,
        String openaiMaxTokensParameter,
        String azureApiKey,
        String azureEndpoint,
        String azureApiVersion,
        String anthropicApiKey,
        String anthropicBaseUrl,
        String cohereApiKey,
        String cohereBaseUrl,
        String ai21ApiKey,
        String ai21BaseUrl,
        String googleApiKey,
        String googleBaseUrl,
        Duration connectTimeout,
        Duration readTimeout,
        int maxAttempts,
        Duration retryBaseDelay,
        Duration maxRetryAfter,
        EndpointAllowList requestEndpoints) {

    /** OpenAI's own API; any other {@code OPENAI_BASE_URL} is a server that speaks it. */
    public static final String OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";
    /** Google's Gemini API (the Generative Language API). */
    public static final String GOOGLE_DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com";
    /** OpenAI's name for the output limit: its reasoning models refuse the older {@code max_tokens}. */
    public static final String MAX_COMPLETION_TOKENS = "max_completion_tokens";
    /** The older name, the one OpenAI-compatible servers know. */
    public static final String MAX_TOKENS = "max_tokens";

    /**
     * Reads the settings from the environment.
     *
     * @throws IllegalArgumentException when a variable holds something the server cannot use
     */
    public static ProviderSettings fromEnvironment(EnvReader env) {
        int maxAttempts = env.integer("OPENLOOP_PROVIDER_MAX_ATTEMPTS", 3);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("OPENLOOP_PROVIDER_MAX_ATTEMPTS must be at least 1");
        }
        String openaiBaseUrl = env.string("OPENAI_BASE_URL", OPENAI_DEFAULT_BASE_URL);
        String maxTokensParameter = env.string("OPENAI_MAX_TOKENS_PARAMETER",
                isOpenAisOwn(openaiBaseUrl) ? MAX_COMPLETION_TOKENS : MAX_TOKENS);
        if (!maxTokensParameter.equals(MAX_COMPLETION_TOKENS) && !maxTokensParameter.equals(MAX_TOKENS)) {
            throw new IllegalArgumentException("OPENAI_MAX_TOKENS_PARAMETER must be " + MAX_COMPLETION_TOKENS + " or "
                    + MAX_TOKENS + ", not '" + maxTokensParameter + "'");
        }
        return new ProviderSettings(
                key(env, "OPENAI_API_KEY"),
                openaiBaseUrl,
                maxTokensParameter,
                key(env, "AZURE_OPENAI_API_KEY"),
                env.string("AZURE_OPENAI_ENDPOINT", null),
                env.string("AZURE_OPENAI_API_VERSION", "2024-10-21"),
                key(env, "ANTHROPIC_API_KEY"),
                env.string("ANTHROPIC_BASE_URL", "https://api.anthropic.com"),
                key(env, "COHERE_API_KEY"),
                env.string("COHERE_BASE_URL", "https://api.cohere.com"),
                key(env, "AI21_API_KEY"),
                env.string("AI21_BASE_URL", "https://api.ai21.com/studio/v1"),
                key(env, "GOOGLE_API_KEY"),
                env.string("GOOGLE_BASE_URL", GOOGLE_DEFAULT_BASE_URL),
                env.duration("OPENLOOP_PROVIDER_CONNECT_TIMEOUT_MS", Duration.ofSeconds(10)),
                env.duration("OPENLOOP_PROVIDER_READ_TIMEOUT_MS", Duration.ofMinutes(10)),
                maxAttempts,
                env.duration("OPENLOOP_PROVIDER_RETRY_BASE_MS", Duration.ofMillis(500)),
                env.duration("OPENLOOP_PROVIDER_MAX_RETRY_AFTER_MS", Duration.ofSeconds(20)),
                EndpointAllowList.parse(env.string("OPENLOOP_ALLOWED_ENDPOINT_HOSTS", null)));
    }

    /** Whether {@code baseUrl} is OpenAI's own API, trailing slashes aside. */
    public static boolean isOpenAisOwn(String baseUrl) {
        return baseUrl.replaceAll("/+$", "").equals(OPENAI_DEFAULT_BASE_URL);
    }

    private static String key(EnvReader env, String name) {
        String key = env.string(name, null);
        ProviderKeys.checkServerKey(name, key);
        return key;
    }

    @Override
    public String toString() {
        return "ProviderSettings[keys redacted, openaiBaseUrl=" + openaiBaseUrl + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", maxAttempts=" + maxAttempts + "]";
    }
}
