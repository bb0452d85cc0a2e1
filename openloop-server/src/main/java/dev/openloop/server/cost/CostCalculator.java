package dev.openloop.server.cost;

import dev.openloop.api.chat.Usage;
import dev.openloop.server.provider.UsageDetail;
import java.math.BigDecimal;

/**
 * A call's cost from its tokens and a price, in exact integer arithmetic: each kind of token times
 * its rate in micro-dollars per million tokens is picodollars. Cached and cache-write tokens are
 * parts of the prompt, reasoning tokens part of the generation (see {@link UsageDetail}); a part
 * larger than its whole (a provider's inconsistency) is capped at the whole, so no token is
 * charged twice.
 */
public final class CostCalculator {
    private CostCalculator() {
    }

    /** The picodollars of {@code usage} at {@code price}. */
    public static long picoUsd(Price price, Usage usage, UsageDetail detail) {
        UsageDetail parts = detail == null ? UsageDetail.NONE : detail;
        long prompt = Math.max(0, usage.promptTokens());
        long cached = Math.min(prompt, orZero(parts.cachedInputTokens()));
        long written = Math.min(prompt - cached, orZero(parts.cacheWriteTokens()));
        long generated = Math.max(0, usage.generationTokens());
        long reasoning = Math.min(generated, orZero(parts.reasoningTokens()));
        long pico = 0;
        pico = Math.addExact(pico, times(prompt - cached - written, price.input()));
        pico = Math.addExact(pico, times(cached, price.cachedInputRate()));
        pico = Math.addExact(pico, times(written, price.cacheWriteRate()));
        pico = Math.addExact(pico, times(generated - reasoning, price.output()));
        pico = Math.addExact(pico, times(reasoning, price.reasoningRate()));
        return pico;
    }

    /** The picodollars of prompt tokens alone, the part of a call's cost its samples share. */
    public static long promptPicoUsd(Price price, Usage usage, UsageDetail detail) {
        return picoUsd(price, Usage.of(usage.promptTokens(), 0), detail == null ? null
                : new UsageDetail(detail.cachedInputTokens(), detail.cacheWriteTokens(), null));
    }

    private static long times(long tokens, BigDecimal ratePerMillion) {
        // A rate has at most six decimals (PriceFile refuses more), so this is exact.
        long microPerMillion = ratePerMillion.movePointRight(Price.MAX_SCALE).longValueExact();
        return Math.multiplyExact(tokens, microPerMillion);
    }

    private static long orZero(Integer count) {
        return count == null ? 0 : Math.max(0, count);
    }
}
