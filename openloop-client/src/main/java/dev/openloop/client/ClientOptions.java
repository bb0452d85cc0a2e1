package dev.openloop.client;

import dev.openloop.api.chat.ProviderApiKeys;
import java.time.Duration;

/**
 * The settings every call of one client shares.
 *
 * @param basePath where the API lives, without a trailing slash, e.g. {@code https://api.humanloop.com/v4}
 * @param apiKey sent as {@code X-API-KEY}
 * @param providerApiKeys merged into the {@code provider_api_keys} of every chat call
 * @param timeout the longest wait for an answer; for a stream, for its start and then for each event
 * @param maxRetries how many times a failed attempt is tried again
 * @param initialRetryDelay the first backoff before jitter, doubled at each further retry
 * @param maxRetryDelay the longest backoff
 * @param userAgent sent as {@code User-Agent}
 */
record ClientOptions(
        String basePath,
        String apiKey,
        ProviderApiKeys providerApiKeys,
        Duration timeout,
        int maxRetries,
        Duration initialRetryDelay,
        Duration maxRetryDelay,
        String userAgent) {

    @Override
    public String toString() {
        // Never the keys.
        return "ClientOptions[basePath=" + basePath + ", timeout=" + timeout + ", maxRetries=" + maxRetries + "]";
    }
}
