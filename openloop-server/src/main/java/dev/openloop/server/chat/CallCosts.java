package dev.openloop.server.chat;

import dev.openloop.api.chat.Usage;
import dev.openloop.server.cost.Cost;
import dev.openloop.server.cost.CostCalculator;
import dev.openloop.server.cost.Price;
import dev.openloop.server.cost.PriceTable;
import dev.openloop.server.cost.SpendMetrics;
import dev.openloop.server.provider.Generation;
import dev.openloop.server.provider.UsageDetail;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What each sample of a provider call cost, at the price in effect when the call ends. A call is
 * costed once, on the tokens its provider reported (or estimated, and said so), and the cost is
 * shared among its samples so that their logs add up to the call's cost exactly: the prompt's part
 * evenly (the remainder on the first sample), the generation's by each sample's share of the
 * generated tokens. A model without a price costs {@link Cost#UNKNOWN}, never 0; a failed call
 * is not billed, so it costs 0 when its model has a price.
 */
final class CallCosts {
    private final PriceTable prices;
    private final Clock clock;
    private final SpendMetrics metrics;

    CallCosts(PriceTable prices, Clock clock, SpendMetrics metrics) {
        this.prices = prices;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** The costs and token breakdowns of a call's samples, in order. */
    record Shares(List<Cost> costs, List<UsageDetail> details) {
    }

    /** The cost of each sample of a call that failed: not billed. */
    Cost notBilled(PlannedCall call) {
        return price(call).map(p -> new Cost(0L, false)).orElse(Cost.UNKNOWN);
    }

    /**
     * The costs of a call's samples.
     *
     * @param total the call's usage as reported (or estimated); null when neither, which costs
     *     {@link Cost#UNKNOWN}
     * @param detail what the provider broke out of {@code total}
     * @param shares each sample's share of {@code total} ({@link UsageSplit}, {@link UsageEstimate})
     * @param estimated whether {@code total} is an estimate
     */
    Shares of(PlannedCall call, Usage total, UsageDetail detail, List<Usage> shares, boolean estimated) {
        int size = shares.size();
        List<UsageDetail> details = details(total, detail, shares);
        Optional<Price> price = price(call);
        List<Cost> costs = new ArrayList<>(size);
        if (price.isEmpty() || total == null) {
            for (int i = 0; i < size; i++) {
                costs.add(Cost.UNKNOWN);
            }
            return new Shares(costs, details);
        }
        long prompt = CostCalculator.promptPicoUsd(price.get(), total, detail);
        long callCost = 0;
        for (int i = 0; i < size; i++) {
            long promptShare = prompt / size + (i == 0 ? prompt % size : 0);
            Usage share = shares.get(i) == null ? Usage.of(0, 0) : shares.get(i);
            long generated = CostCalculator.picoUsd(price.get(), Usage.of(0, share.generationTokens()),
                    new UsageDetail(null, null, details.get(i).reasoningTokens()));
            long cost = Math.addExact(promptShare, generated);
            callCost = Math.addExact(callCost, cost);
            costs.add(new Cost(cost, estimated));
        }
        metrics.spent(price.get(), callCost, estimated);
        return new Shares(costs, details);
    }

    /**
     * The costs of a call's samples when its provider reported no usage: priced on the tokens
     * {@link UsageEstimate} counts, and marked estimated. The logs' token counts are left as they
     * were (none reported); only the cost says what the call likely cost.
     */
    List<Cost> estimated(PlannedCall call, List<Generation> generations) {
        List<Usage> shares = UsageEstimate.perSample(call.messages(), generations);
        if (shares.isEmpty()) {
            return List.of();
        }
        int generated = 0;
        for (Usage share : shares) {
            generated += share.generationTokens();
        }
        return of(call, Usage.of(shares.getFirst().promptTokens(), generated), UsageDetail.NONE, shares, true).costs();
    }

    /**
     * Each sample's breakdown: the prompt's parts whole (as each sample's {@code prompt_tokens} is
     * the whole prompt), the reasoning tokens shared as the generated tokens are.
     */
    private static List<UsageDetail> details(Usage total, UsageDetail detail, List<Usage> shares) {
        UsageDetail parts = detail == null ? UsageDetail.NONE : detail;
        List<UsageDetail> details = new ArrayList<>(shares.size());
        Integer reasoning = parts.reasoningTokens();
        long generated = total == null ? 0 : Math.max(0, total.generationTokens());
        long given = 0;
        for (int i = 0; i < shares.size(); i++) {
            Integer share = null;
            if (reasoning != null) {
                long capped = Math.min(reasoning, generated);
                if (i == shares.size() - 1) {
                    share = (int) (capped - given);
                } else {
                    long sampleTokens = shares.get(i) == null ? 0 : shares.get(i).generationTokens();
                    share = generated == 0 ? 0 : (int) (capped * sampleTokens / generated);
                }
                given += share;
            }
            details.add(new UsageDetail(parts.cachedInputTokens(), parts.cacheWriteTokens(), share));
        }
        return details;
    }

    private Optional<Price> price(PlannedCall call) {
        return prices.at(call.request().config().provider().wire(), call.request().config().model(), clock.instant());
    }
}
