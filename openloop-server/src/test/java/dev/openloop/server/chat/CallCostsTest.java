package dev.openloop.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.Usage;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.server.cost.Cost;
import dev.openloop.server.cost.Price;
import dev.openloop.server.cost.PriceTable;
import dev.openloop.server.cost.SpendMetrics;
import dev.openloop.server.provider.Generation;
import dev.openloop.server.provider.ProviderRequest;
import dev.openloop.server.provider.UsageDetail;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A call's cost shared among its samples: at the price of the call's day (an injected clock), the
 * samples adding up exactly to the call's cost, unknown without a price, nothing for a failed call.
 * Equivalent mutant: {@code estimated}'s sum of the generated tokens (a subtraction for the
 * addition) is only the total's generation, which prices nothing: each sample's generation is
 * priced on its own share, the prompt on the total's prompt tokens.
 */
class CallCostsTest {
    private static final PriceTable PRICES = PriceTable.of(List.of(
            new Price("openai", "gpt-x", LocalDate.of(2026, 1, 1), new BigDecimal("1.000001"), new BigDecimal("3.333333"),
                    new BigDecimal("0.1"), null, null),
            new Price("openai", "gpt-x", LocalDate.of(2026, 6, 1), new BigDecimal("2"), new BigDecimal("6"), null, null,
                    null)));

    private static CallCosts at(String instant) {
        return new CallCosts(PRICES, Clock.fixed(Instant.parse(instant), ZoneOffset.UTC),
                new SpendMetrics(new SimpleMeterRegistry()));
    }

    private static PlannedCall call(String model, int samples) {
        ModelConfigRequest config = ModelConfigRequest.builder().provider(ModelProvider.OPENAI).model(model).build();
        List<Integer> indexes = java.util.stream.IntStream.range(0, samples).boxed().toList();
        return new PlannedCall(null, new ProviderRequest(config, List.of(), null, null, null, null, samples, null, null),
                null, indexes, indexes.stream().map(i -> "data_" + i).toList(), List.of(ChatMessage.user("Hello there")));
    }

    @Test
    void theSamplesOfACallAddUpExactlyToItsCost() {
        List<Usage> shares = List.of(Usage.of(1001, 7), Usage.of(1001, 11), Usage.of(1001, 13));
        CallCosts.Shares costs = at("2026-03-01T00:00:00Z").of(call("gpt-x", 3), Usage.of(1001, 31),
                new UsageDetail(500, null, 9), shares, false);

        long sum = costs.costs().stream().mapToLong(Cost::picoUsd).sum();
        // 501 × $1.000001/M + 500 × $0.10/M + 31 × $3.333333/M, charged once whatever the samples
        assertThat(sum).isEqualTo(501 * 1_000_001L + 500 * 100_000L + 31 * 3_333_333L);
        assertThat(costs.details()).extracting(UsageDetail::cachedInputTokens).containsOnly(500);
        assertThat(costs.details().stream().mapToInt(UsageDetail::reasoningTokens).sum()).isEqualTo(9);
        assertThat(costs.costs()).noneMatch(Cost::estimated);
    }

    @Test
    void reasoningTokensAreSharedAsTheGeneratedTokensAreTheLastSampleTakingTheRest() {
        List<Usage> shares = List.of(Usage.of(1001, 7), Usage.of(1001, 11), Usage.of(1001, 13));
        CallCosts.Shares costs = at("2026-03-01T00:00:00Z").of(call("gpt-x", 3), Usage.of(1001, 31),
                new UsageDetail(null, null, 9), shares, false);

        // 9 × 7/31 = 2.03, 9 × 11/31 = 3.19, rounded down; the last sample takes the 4 left
        assertThat(costs.details()).extracting(UsageDetail::reasoningTokens).containsExactly(2, 3, 4);
    }

    @Test
    void reasoningOfACallThatGeneratedNothingIsNone() {
        List<Usage> shares = List.of(Usage.of(10, 0), Usage.of(10, 0));
        CallCosts.Shares costs = at("2026-03-01T00:00:00Z").of(call("gpt-x", 2), Usage.of(10, 0),
                new UsageDetail(null, null, 5), shares, false);

        assertThat(costs.details()).extracting(UsageDetail::reasoningTokens).containsExactly(0, 0);
    }

    @Test
    void aPricedCallIsCountedInTheSpendMetric() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CallCosts costs = new CallCosts(PRICES, Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC),
                new SpendMetrics(registry));
        List<Usage> shares = List.of(Usage.of(1000, 400), Usage.of(1000, 600));

        costs.of(call("gpt-x", 2), Usage.of(1000, 1000), null, shares, false);

        assertThat(registry.get("openloop.spend.usd").tag("model", "gpt-x").counter().count()).isEqualTo(0.008);
    }

    @Test
    void aCallIsPricedAtThePriceOfItsDay() {
        List<Usage> one = List.of(Usage.of(1000, 1000));
        Cost before = at("2026-05-31T23:59:59.999Z").of(call("gpt-x", 1), one.getFirst(), null, one, false).costs().getFirst();
        Cost after = at("2026-06-01T00:00:00Z").of(call("gpt-x", 1), one.getFirst(), null, one, false).costs().getFirst();

        assertThat(before.usd()).isEqualByComparingTo("0.004333334");
        assertThat(after.usd()).isEqualByComparingTo("0.008");
        assertThat(at("2025-12-31T12:00:00Z").of(call("gpt-x", 1), one.getFirst(), null, one, false).costs())
                .containsExactly(Cost.UNKNOWN);
    }

    @Test
    void aModelWithoutAPriceCostsUnknownNeverZero() {
        List<Usage> one = List.of(Usage.of(10, 10));
        CallCosts costs = at("2026-03-01T00:00:00Z");

        assertThat(costs.of(call("gpt-unpriced", 1), one.getFirst(), null, one, false).costs()).containsExactly(Cost.UNKNOWN);
        assertThat(costs.notBilled(call("gpt-unpriced", 1))).isEqualTo(Cost.UNKNOWN);
        assertThat(costs.notBilled(call("gpt-x", 1))).isEqualTo(new Cost(0L, false));
    }

    @Test
    void aCallWithoutReportedUsageIsPricedOnAnEstimateAndSaysSo() {
        List<Cost> costs = at("2026-03-01T00:00:00Z").estimated(call("gpt-x", 1),
                List.of(new Generation(0, "Twelve chars", List.of(), "stop")));

        assertThat(costs).hasSize(1);
        assertThat(costs.getFirst().estimated()).isTrue();
        // "Hello there" is 3 tokens by the estimate, "Twelve chars" 3
        assertThat(costs.getFirst().picoUsd()).isEqualTo(3 * 1_000_001L + 3 * 3_333_333L);
    }
}
