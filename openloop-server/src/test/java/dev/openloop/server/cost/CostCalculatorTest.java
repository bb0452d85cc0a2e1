package dev.openloop.server.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.api.chat.Usage;
import dev.openloop.server.provider.UsageDetail;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The arithmetic of a cost: exact, each kind of token at its rate, no token charged twice. */
class CostCalculatorTest {
    private static final Price O3 = price("2.00", "8.00", "0.50", null, null);
    private static final Price SONNET = price("3", "15", "0.30", "3.75", null);

    private static Price price(String input, String output, String cached, String write, String reasoning) {
        return new Price("p", "m", LocalDate.of(2025, 1, 1), new BigDecimal(input), new BigDecimal(output),
                cached == null ? null : new BigDecimal(cached), write == null ? null : new BigDecimal(write),
                reasoning == null ? null : new BigDecimal(reasoning));
    }

    @Test
    void cachedTokensAreAPartOfThePromptAndReasoningAPartOfTheOutput() {
        long pico = CostCalculator.picoUsd(O3, Usage.of(2006, 300), new UsageDetail(1920, null, 192));

        assertThat(Cost.usd(pico)).isEqualByComparingTo("0.003532");
        assertThat(pico).isEqualTo(3_532_000_000L);
    }

    @Test
    void cacheWritesHaveTheirOwnRate() {
        long pico = CostCalculator.picoUsd(SONNET, Usage.of(3050, 100), new UsageDetail(2000, 1000, null));

        assertThat(Cost.usd(pico).toPlainString()).isEqualTo("0.006");
    }

    @Test
    void aRateNotBilledApartIsTheRateItIsAPartOf() {
        Price plain = price("1.00", "4.00", null, null, null);
        Price ownReasoning = price("1.00", "4.00", null, null, "6.00");

        assertThat(CostCalculator.picoUsd(plain, Usage.of(100, 10), new UsageDetail(60, 20, 5)))
                .isEqualTo(CostCalculator.picoUsd(plain, Usage.of(100, 10), UsageDetail.NONE));
        assertThat(CostCalculator.picoUsd(ownReasoning, Usage.of(0, 10), new UsageDetail(null, null, 5)))
                .isEqualTo(5 * 4_000_000L + 5 * 6_000_000L);
    }

    @Test
    void aPartLargerThanItsWholeIsCappedSoNoTokenIsChargedTwice() {
        long pico = CostCalculator.picoUsd(SONNET, Usage.of(100, 10), new UsageDetail(150, 80, 50));

        assertThat(pico).isEqualTo(100 * 300_000L + 10 * 15_000_000L);
    }

    @Test
    void theSmallestRateOnOneTokenIsOnePicodollar() {
        Price tiny = price("0.000001", "0.000001", null, null, null);

        assertThat(CostCalculator.picoUsd(tiny, Usage.of(1, 0), null)).isEqualTo(1);
        assertThat(Cost.usd(1L).toPlainString()).isEqualTo("0.000000000001");
        assertThat(Cost.usd(0L).toPlainString()).isEqualTo("0.0");
    }

    @Test
    void thePromptsPartIsTheWholeLessTheGeneration() {
        Usage usage = Usage.of(3050, 100);
        UsageDetail detail = new UsageDetail(2000, 1000, null);

        assertThat(CostCalculator.promptPicoUsd(SONNET, usage, detail) + 100 * 15_000_000L)
                .isEqualTo(CostCalculator.picoUsd(SONNET, usage, detail));
    }
}
