package dev.openloop.server.provider;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a provider says of a call's tokens beyond v4's two counts, in terms no provider owns, so
 * that every adapter fills the same record and a call is priced the same way whoever answered.
 * Each count is a part of one of v4's counts, never in addition to it: cached and cache-write tokens
 * are part of {@code prompt_tokens}, reasoning tokens part of {@code generation_tokens}. A count
 * the provider did not report is null.
 *
 * @param cachedInputTokens prompt tokens read from the provider's cache, billed at the cached rate
 * @param cacheWriteTokens prompt tokens written to the provider's cache, billed at the cache-write rate
 * @param reasoningTokens generated tokens spent on reasoning that the answer does not show
 */
public record UsageDetail(Integer cachedInputTokens, Integer cacheWriteTokens, Integer reasoningTokens) {
    /** The provider reported no breakdown. */
    public static final UsageDetail NONE = new UsageDetail(null, null, null);

    /** A count from a JSON field, as adapters read them: null when absent, never negative. */
    public static Integer count(JsonNode field) {
        return field != null && field.canConvertToInt() && field.asInt() >= 0 ? field.asInt() : null;
    }

    /** Whether nothing is reported. */
    public boolean isEmpty() {
        return cachedInputTokens == null && cacheWriteTokens == null && reasoningTokens == null;
    }
}
