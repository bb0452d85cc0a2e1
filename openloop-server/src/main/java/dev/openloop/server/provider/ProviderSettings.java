package dev.openloop.server.provider;

import dev.openloop.server.config.EnvReader;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

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
 * @param serverKeys every provider's keys: its single key ({@code OPENAI_API_KEY}, ...) and its list
 *     ({@code OPENAI_API_KEYS}, ...), cooled down for {@code OPENLOOP_KEY_COOLDOWN_MS} after a rate limit
 *     without {@code Retry-After}
 * @param fallbackDeadline {@code OPENLOOP_FALLBACK_DEADLINE_MS}: no fallback starts later after a call's first attempt
 * @param breaker {@code OPENLOOP_BREAKER_*}: when a provider is skipped after failing
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
        EndpointAllowList requestEndpoints,
        ServerKeys serverKeys,
        Duration fallbackDeadline,
        Breaker breaker) {

    /**
     * When a provider is skipped after failing ({@code routing.CircuitBreaker}).
     *
     * @param failures failures in a row that open it; 0 never opens it
     * @param firstOpen how long it first stays open
     * @param maxOpen the longest it stays open
     */
    public record Breaker(int failures, Duration firstOpen, Duration maxOpen) {
    }

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
        return fromEnvironment(env, Clock.systemUTC());
    }

    /**
     * Reads the settings from the environment, the keys' cooldowns timed by {@code clock}.
     *
     * @throws IllegalArgumentException when a variable holds something the server cannot use
     */
    public static ProviderSettings fromEnvironment(EnvReader env, Clock clock) {
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
                EndpointAllowList.parse(env.string("OPENLOOP_ALLOWED_ENDPOINT_HOSTS", null)),
                serverKeys(env, clock),
                env.duration("OPENLOOP_FALLBACK_DEADLINE_MS", Duration.ofSeconds(60)),
                new Breaker(env.integer("OPENLOOP_BREAKER_FAILURES", 5),
                        env.duration("OPENLOOP_BREAKER_OPEN_MS", Duration.ofSeconds(5)),
                        env.duration("OPENLOOP_BREAKER_MAX_OPEN_MS", Duration.ofMinutes(2))));
    }

    /** Each provider's keys, under its field of {@code provider_api_keys}. */
    private static ServerKeys serverKeys(EnvReader env, Clock clock) {
        ServerKeys keys = new ServerKeys(clock, env.duration("OPENLOOP_KEY_COOLDOWN_MS", Duration.ofSeconds(30)));
        keys.with("openai", keyList(env, "OPENAI_API_KEY", false));
        keys.with("openai_azure", keyList(env, "AZURE_OPENAI_API_KEY", true));
        keys.with("anthropic", keyList(env, "ANTHROPIC_API_KEY", false));
        keys.with("cohere", keyList(env, "COHERE_API_KEY", false));
        keys.with("ai21", keyList(env, "AI21_API_KEY", false));
        keys.with("google", keyList(env, "GOOGLE_API_KEY", false));
        return keys;
    }

    /**
     * A provider's keys: its single key, {@code single}, and the list in {@code single + "S"}.
     * A provider added later names its variables here the same way.
     */
    public static List<ServerKey> keyList(EnvReader env, String single, boolean endpoints) {
        return ServerKeys.parse(key(env, single), env.string(single + "S", null), single + "S", endpoints);
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
