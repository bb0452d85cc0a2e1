package dev.openloop.server.cost;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code openloop_spend_usd_total}: what the node's provider calls cost, by provider and model.
 * Only priced calls count, so its labels are the price table's models: bounded by the table, not by
 * what callers name. A counter is a double, fine for a dashboard; the exact figures are the logs'
 * (the spend endpoint).
 */
public final class SpendMetrics {
    private final MeterRegistry registry;

    public SpendMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A call of {@code price}'s model cost {@code picoUsd}; {@code estimated} when its tokens were. */
    public void spent(Price price, long picoUsd, boolean estimated) {
        if (registry == null || picoUsd <= 0) {
            return;
        }
        Counter.builder("openloop.spend.usd")
                .description("what provider calls cost at the price table's rates, in USD")
                .tag("provider", price.provider())
                .tag("model", price.model())
                .tag("estimated", Boolean.toString(estimated))
                .register(registry)
                .increment(Cost.usd(picoUsd).doubleValue());
    }
}
