package dev.openloop.server.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The price table: the shipped file, a price that changed on a date, the operator's file over it, bad files refused.
 * Equivalent mutant: {@code hashCode} answering 0 (tables are compared with {@code equals}; a constant hash keeps the
 * contract).
 */
class PriceTableTest {
    private static final String HEADER = PriceFile.HEADER + "\n";

    @Test
    void theShippedFileHasEveryProvidersModels() {
        PriceTable shipped = PriceTable.shipped();

        for (String[] model : new String[][] {{"openai", "gpt-4o"}, {"openai_azure", "gpt-4o"},
                {"anthropic", "claude-sonnet-4-5-20250929"}, {"cohere", "command-a-03-2025"}, {"ai21", "jamba-large"},
                {"google", "gemini-2.5-flash"}}) {
            assertThat(shipped.knows(model[0], model[1])).as(model[0] + " " + model[1]).isTrue();
        }
    }

    @Test
    void thePriceOfADayIsTheOneThatTookEffectLastOnOrBeforeIt() {
        PriceTable shipped = PriceTable.shipped();

        // o3's price fell on 2025-06-10 (UTC): a call the last millisecond before pays the old one.
        assertThat(shipped.at("openai", "o3", Instant.parse("2025-06-09T23:59:59.999Z")).orElseThrow().input())
                .isEqualByComparingTo("10.00");
        assertThat(shipped.at("openai", "o3", Instant.parse("2025-06-10T00:00:00Z")).orElseThrow().input())
                .isEqualByComparingTo("2.00");
        assertThat(shipped.at("openai", "o3", Instant.parse("2026-12-07T12:00:00Z")).orElseThrow().cachedInput())
                .isEqualByComparingTo("0.50");
    }

    @Test
    void beforeItsFirstPriceAndForAnUnknownModelThereIsNone() {
        PriceTable shipped = PriceTable.shipped();

        assertThat(shipped.at("openai", "o3", Instant.parse("2025-04-15T12:00:00Z"))).isEmpty();
        assertThat(shipped.at("openai", "no-such-model", Instant.parse("2026-01-01T00:00:00Z"))).isEmpty();
        assertThat(shipped.at("anthropic", "gpt-4o", Instant.parse("2026-01-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void theOperatorsFileReplacesAShippedPriceOfTheSameDateAndAddsTheRest(@TempDir Path dir) throws IOException {
        Path own = dir.resolve("prices.csv");
        Files.writeString(own, "# our negotiated rates\n" + HEADER
                + "openai,gpt-4o,2024-08-06,2.00,8.00,1.00,,\n"
                + "openai,gpt-4o,2030-01-01,1.00,4.00,,,\n"
                + "mock,mock-1,2000-01-01,0.000001,0.000002,,,\n");

        PriceTable table = PriceTable.load(own);

        assertThat(table.at("openai", "gpt-4o", Instant.parse("2026-01-01T00:00:00Z")).orElseThrow().input())
                .isEqualByComparingTo("2.00");
        assertThat(table.at("openai", "gpt-4o", Instant.parse("2030-01-01T00:00:00Z")).orElseThrow().output())
                .isEqualByComparingTo("4.00");
        assertThat(table.at("mock", "mock-1", Instant.parse("2026-01-01T00:00:00Z"))).isPresent();
        assertThat(table.at("anthropic", "claude-haiku-4-5", Instant.parse("2026-01-01T00:00:00Z"))).isPresent();
        assertThat(table.size()).isEqualTo(PriceTable.shipped().size() + 2);
    }

    @Test
    void aFileThatCannotBeReadIsRefusedNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("nowhere.csv");

        assertThatThrownBy(() -> PriceTable.load(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("OPENLOOP_PRICES_FILE").hasMessageContaining("nowhere.csv")
                .hasMessageContaining("cannot be read");
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
            "provider;model;from|1|must be the header",
            "openai,gpt-4o,2024-08-06,2.50,10.00|2|expected 8 fields",
            "openai,gpt-4o,2024-08-06,2.50,10.00,,,,|2|expected 8 fields",
            "OpenAI,gpt-4o,2024-08-06,2.50,10.00,,,|2|provider must be",
            "openai,,2024-08-06,2.50,10.00,,,|2|model must be",
            "openai,gpt 4o,2024-08-06,2.50,10.00,,,|2|model must be",
            "openai,gpt-4o,06/08/2024,2.50,10.00,,,|2|effective_from must be a date",
            "openai,gpt-4o,2024-08-06,,10.00,,,|2|input is required",
            "openai,gpt-4o,2024-08-06,2.50,-1,,,|2|output must be USD per million tokens",
            "openai,gpt-4o,2024-08-06,2.50,1e1,,,|2|output must be USD per million tokens",
            "openai,gpt-4o,2024-08-06,2.50,10.00,0.0000001,,|2|cached_input has more than 6 decimals",
            "openai,gpt-4o,2024-08-06,2.50,10.00,,1000000,|2|cache_write must be below",
            "openai,\"gpt-4o\",2024-08-06,2.50,10.00,,,|2|quotes are not allowed",
            "openai,gpt-4o,2024-08-06,2.50,10.00,,,x|2|reasoning must be USD",
            "\"openai\",gpt-4o,2024-08-06,2.50,10.00,,,|2|quotes are not allowed"})
    void aBadLineIsRefusedWithTheFileLineAndWhatIsWrong(String line, int lineNumber, String problem) {
        String text = line.startsWith("provider;") ? line.replace(';', ',') + "\n" : HEADER + line + "\n";

        assertThatThrownBy(() -> PriceFile.parse("mine.csv", text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mine.csv, line " + lineNumber + ": ").hasMessageContaining(problem);
    }

    @Test
    void spacesAroundFieldsAreNotPartOfThem() {
        Price price = PriceFile.parse("mine.csv", HEADER + "openai , gpt-4o ,2024-08-06, 2.50 ,10.00, 1.25,,\n").getFirst();

        assertThat(price).isEqualTo(new Price("openai", "gpt-4o", LocalDate.of(2024, 8, 6),
                new BigDecimal("2.50"), new BigDecimal("10.00"), new BigDecimal("1.25"),
                null, null));
    }

    @Test
    void pricesGivenInAnyOrderAreTakenByTheirDates() {
        PriceTable table = PriceTable.of(PriceFile.parse("mine.csv", HEADER
                + "openai,gpt-x,2026-03-01,3.00,3.00,,,\n"
                + "openai,gpt-x,2026-01-01,1.00,1.00,,,\n"
                + "openai,gpt-x,2026-02-01,2.00,2.00,,,\n"));

        assertThat(table.at("openai", "gpt-x", Instant.parse("2026-01-15T00:00:00Z")).orElseThrow().input())
                .isEqualByComparingTo("1.00");
        assertThat(table.at("openai", "gpt-x", Instant.parse("2026-02-15T00:00:00Z")).orElseThrow().input())
                .isEqualByComparingTo("2.00");
        assertThat(table.at("openai", "gpt-x", Instant.parse("2026-12-01T00:00:00Z")).orElseThrow().input())
                .isEqualByComparingTo("3.00");
        assertThat(table.size()).isEqualTo(3);
        assertThat(table.knows("openai", "gpt-x")).isTrue();
        assertThat(table.knows("openai", "gpt-y")).isFalse();
        assertThat(table.knows("anthropic", "gpt-x")).isFalse();
    }

    @Test
    void aTableReadTwiceIsTheSameAndOneWithOtherPricesIsNot(@TempDir Path dir) throws IOException {
        Path own = dir.resolve("prices.csv");
        Files.writeString(own, HEADER + "mock,mock-1,2000-01-01,0.000001,0.000002,,,\n");

        assertThat(PriceTable.load(null)).isEqualTo(PriceTable.shipped()).hasSameHashCodeAs(PriceTable.shipped());
        assertThat(PriceTable.load(own)).isEqualTo(PriceTable.load(own)).hasSameHashCodeAs(PriceTable.load(own));
        assertThat(PriceTable.load(own)).isNotEqualTo(PriceTable.shipped()).isNotEqualTo("a table");
        assertThat(PriceTable.of(List.of())).hasToString("PriceTable[0 prices of 0 models]");
    }

    @Test
    void aSecondPriceForTheSameModelAndDayIsRefused() {
        String text = HEADER + "openai,gpt-4o,2024-08-06,2.50,10.00,,,\n# again\nopenai,gpt-4o,2024-08-06,2.00,10.00,,,\n";

        assertThatThrownBy(() -> PriceFile.parse("mine.csv", text)).hasMessage(
                "mine.csv, line 4: a second price for openai gpt-4o from 2024-08-06");
    }

    @Test
    void aFileWithoutItsHeaderIsRefused() {
        assertThatThrownBy(() -> PriceFile.parse("mine.csv", "# nothing but comments\n\n"))
                .hasMessage("mine.csv: no header line " + PriceFile.HEADER);
    }
}
