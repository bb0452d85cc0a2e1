package dev.openloop.server.cost;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * What a provider charges for a model from a date on, in USD per million tokens. A rate the
 * provider does not bill apart is null and the token is charged at the rate it is a part of:
 * cached and cache-write tokens at {@code input}, reasoning tokens at {@code output}.
 *
 * @param provider the provider as v4 names it ({@code openai}, {@code openai_azure}, ...)
 * @param model the model as a config names it
 * @param effectiveFrom the first day (UTC) the price applies
 * @param input prompt tokens
 * @param output generated tokens
 * @param cachedInput prompt tokens read from the provider's cache, or null
 * @param cacheWrite prompt tokens written to the provider's cache, or null
 * @param reasoning generated reasoning tokens, or null
 */
public record Price(String provider, String model, LocalDate effectiveFrom, BigDecimal input, BigDecimal output,
        BigDecimal cachedInput, BigDecimal cacheWrite, BigDecimal reasoning) {

    /** The most decimals a rate may have: a rate is then a whole number of micro-dollars per million tokens. */
    public static final int MAX_SCALE = 6;

    /** The rate for cached prompt tokens. */
    BigDecimal cachedInputRate() {
        return cachedInput == null ? input : cachedInput;
    }

    /** The rate for cache-write prompt tokens. */
    BigDecimal cacheWriteRate() {
        return cacheWrite == null ? input : cacheWrite;
    }

    /** The rate for reasoning tokens. */
    BigDecimal reasoningRate() {
        return reasoning == null ? output : reasoning;
    }
}
