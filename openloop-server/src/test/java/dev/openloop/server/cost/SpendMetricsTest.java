package dev.openloop.server.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The spend counter: what priced calls cost, by provider, model and estimate; a call that cost nothing adds no series. */
class SpendMetricsTest {
    private static final Price PRICE = new Price("openai", "gpt-x", LocalDate.of(2026, 1, 1), BigDecimal.ONE,
            BigDecimal.TEN, null, null, null);

    @Test
    void aCallsCostIsAddedUnderItsProviderModelAndEstimate() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SpendMetrics metrics = new SpendMetrics(registry);

        metrics.spent(PRICE, 2_500_000_000_000L, false);
        metrics.spent(PRICE, 500_000_000_000L, false);
        metrics.spent(PRICE, 1L, true);

        assertThat(registry.get("openloop.spend.usd").tag("provider", "openai").tag("model", "gpt-x")
                .tag("estimated", "false").counter().count()).isEqualTo(3.0);
        assertThat(registry.get("openloop.spend.usd").tag("estimated", "true").counter().count()).isEqualTo(1e-12);
    }

    @Test
    void aCallThatCostNothingAddsNoSeries() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        new SpendMetrics(registry).spent(PRICE, 0, false);

        assertThat(registry.find("openloop.spend.usd").counters()).isEmpty();
    }

    @Test
    void withoutARegistryNothingIsCounted() {
        assertThatCode(() -> new SpendMetrics(null).spent(PRICE, 1_000, false)).doesNotThrowAnyException();
    }
}
