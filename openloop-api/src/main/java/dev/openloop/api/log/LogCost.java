package dev.openloop.api.log;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.json.WireText;

/**
 * What a log cost and what it was priced on: an OpenLoop extension, the {@code openloop} field of
 * a log. v4 has no such field; clients that do not know it ignore it.
 *
 * @param costUsd the cost in USD as an exact decimal string (e.g. {@code "0.000412"}), or null when
 *     unknown: no price is known for the model, or no provider was called
 * @param costEstimated whether the cost is priced on estimated tokens (a stream cut before the
 *     provider reported its usage); null when there is no cost
 * @param provider the provider that answered, as v4 names it, or null
 * @param model the model that answered, or null
 * @param cachedInputTokens the part of {@code prompt_tokens} read from the provider's cache, or null
 * @param cacheWriteTokens the part of {@code prompt_tokens} written to the provider's cache, or null
 * @param reasoningTokens the part of {@code output_tokens} spent on reasoning, or null
 * @param apiKeyId the id of the API key that made the call ({@code key_…}), or null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LogCost(
        String costUsd,
        Boolean costEstimated,
        String provider,
        String model,
        Integer cachedInputTokens,
        Integer cacheWriteTokens,
        Integer reasoningTokens,
        String apiKeyId) {

    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
