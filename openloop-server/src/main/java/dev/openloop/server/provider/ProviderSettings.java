package dev.openloop.server.provider;

import dev.openloop.server.config.EnvReader;
import java.time.Duration;

/**
 * The server-wide provider settings: keys and base URLs from the environment, and the timeouts and
 * retries every provider call shares.
 *
 * @param openaiApiKey {@code OPENAI_API_KEY}
 * @param openaiBaseUrl {@code OPENAI_BASE_URL}, any OpenAI-compatible server
 * @param azureApiKey {@code AZURE_OPENAI_API_KEY}
 * @param azureEndpoint {@code AZURE_OPENAI_ENDPOINT}, e.g. {@code https://my.openai.azure.com}
 * @param azureApiVersion {@code AZURE_OPENAI_API_VERSION}
 * @param anthropicApiKey {@code ANTHROPIC_API_KEY}
 * @param anthropicBaseUrl {@code ANTHROPIC_BASE_URL}
 * @param cohereApiKey {@code COHERE_API_KEY}
 * @param cohereBaseUrl {@code COHERE_BASE_URL}
 * @param ai21ApiKey {@code AI21_API_KEY}
 * @param ai21BaseUrl {@code AI21_BASE_URL}
 * @param connectTimeout {@code OPENLOOP_PROVIDER_CONNECT_TIMEOUT_MS}
 * @param readTimeout {@code OPENLOOP_PROVIDER_READ_TIMEOUT_MS}: the longest wait for the next bytes
 * @param maxAttempts {@code OPENLOOP_PROVIDER_MAX_ATTEMPTS}: tries per call, the first included
 * @param retryBaseDelay {@code OPENLOOP_PROVIDER_RETRY_BASE_MS}: the first backoff before jitter
 * @param maxRetryAfter {@code OPENLOOP_PROVIDER_MAX_RETRY_AFTER_MS}: a longer Retry-After is not waited for
 */
public record ProviderSettings(
        String openaiApiKey,
        String openaiBaseUrl,
        String azureApiKey,
        String azureEndpoint,
        String azureApiVersion,
        String anthropicApiKey,
        String anthropicBaseUrl,
        String cohereApiKey,
        String cohereBaseUrl,
        String ai21ApiKey,
        String ai21BaseUrl,
        Duration connectTimeout,
        Duration readTimeout,
        int maxAttempts,
        Duration retryBaseDelay,
        Duration maxRetryAfter) {

    /** Reads the settings from the environment. */
    public static ProviderSettings fromEnvironment(EnvReader env) {
        int maxAttempts = env.integer("OPENLOOP_PROVIDER_MAX_ATTEMPTS", 3);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("OPENLOOP_PROVIDER_MAX_ATTEMPTS must be at least 1");
        }
        return new ProviderSettings(
                env.string("OPENAI_API_KEY", null),
                env.string("OPENAI_BASE_URL", "https://api.openai.com/v1"),
                env.string("AZURE_OPENAI_API_KEY", null),
                env.string("AZURE_OPENAI_ENDPOINT", null),
                env.string("AZURE_OPENAI_API_VERSION", "2024-10-21"),
                env.string("ANTHROPIC_API_KEY", null),
                env.string("ANTHROPIC_BASE_URL", "https://api.anthropic.com"),
                env.string("COHERE_API_KEY", null),
                env.string("COHERE_BASE_URL", "https://api.cohere.com"),
                env.string("AI21_API_KEY", null),
                env.string("AI21_BASE_URL", "https://api.ai21.com/studio/v1"),
                env.duration("OPENLOOP_PROVIDER_CONNECT_TIMEOUT_MS", Duration.ofSeconds(10)),
                env.duration("OPENLOOP_PROVIDER_READ_TIMEOUT_MS", Duration.ofMinutes(10)),
                maxAttempts,
                env.duration("OPENLOOP_PROVIDER_RETRY_BASE_MS", Duration.ofMillis(500)),
                env.duration("OPENLOOP_PROVIDER_MAX_RETRY_AFTER_MS", Duration.ofSeconds(20)));
    }

    @Override
    public String toString() {
        return "ProviderSettings[keys redacted, openaiBaseUrl=" + openaiBaseUrl + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", maxAttempts=" + maxAttempts + "]";
    }
}
