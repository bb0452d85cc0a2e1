package dev.openloop.server.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A cost as it is summed and written: known or not, a sum of the known ones alone (none known is
 * unknown, not 0), USD exact with at least one decimal. Equivalent mutant: {@code usd}'s
 * {@code scale() < 1} taken as {@code <= 1} sets a scale of 1 on a figure that has it already.
 */
class CostTest {

    @Test
    void anUnknownCostHasNoFigure() {
        assertThat(Cost.UNKNOWN.known()).isFalse();
        assertThat(Cost.UNKNOWN.usd()).isNull();
        assertThat(new Cost(0L, false).known()).isTrue();
        assertThat(new Cost(0L, false).usd()).isEqualByComparingTo("0");
    }

    @Test
    void aSumCountsTheKnownCostsAlone() {
        assertThat(Cost.sum(List.of(new Cost(5L, false), Cost.UNKNOWN, new Cost(7L, true)))).isEqualTo(12L);
        assertThat(Cost.sum(List.of(Cost.UNKNOWN, new Cost(3L, false)))).isEqualTo(3L);
        assertThat(Cost.sum(List.of(new Cost(0L, false)))).isZero();
    }

    @Test
    void aSumOfNoKnownCostIsUnknownNotZero() {
        assertThat(Cost.sum(List.of(Cost.UNKNOWN, Cost.UNKNOWN))).isNull();
        assertThat(Cost.sum(List.of())).isNull();
    }

    @Test
    void usdIsExactWithoutTrailingZerosButWithOneDecimal() {
        assertThat(Cost.usd(1_000_000_000_000L).toPlainString()).isEqualTo("1.0");
        assertThat(Cost.usd(2_500_000_000_000L).toPlainString()).isEqualTo("2.5");
        assertThat(Cost.usd(BigInteger.valueOf(120_000_000_000_000L)).toPlainString()).isEqualTo("120.0");
        assertThat(Cost.usd(3_532_000_000L).toPlainString()).isEqualTo("0.003532");
        assertThat(Cost.usd((Long) null)).isNull();
    }

    @Test
    void theWireCarriesUsdAsAPlainDecimalString() {
        assertThat(Cost.text(new BigDecimal("1E+2"))).isEqualTo("100");
        assertThat(Cost.text(Cost.usd(1L))).isEqualTo("0.000000000001");
        assertThat(Cost.text(null)).isNull();
    }
}
