package dev.openloop.server.chatlog;

/**
 * The cost columns of a log, as a finished stream sets them.
 *
 * @param cachedInputTokens the part of the prompt tokens read from the provider's cache, or null
 * @param cacheWriteTokens the part of the prompt tokens written to the provider's cache, or null
 * @param reasoningTokens the part of the generated tokens spent on reasoning, or null
 * @param picoUsd what it cost in picodollars, or null when unknown
 * @param estimated whether it is priced on estimated tokens; null when there is no cost
 */
public record LogCost(Integer cachedInputTokens, Integer cacheWriteTokens, Integer reasoningTokens, Long picoUsd,
        Boolean estimated) {
    /** Nothing known. */
    public static final LogCost NONE = new LogCost(null, null, null, null, null);
}
