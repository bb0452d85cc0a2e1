package dev.openloop.server.cost;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * What one log cost, exactly. It is held as a whole number of picodollars (10⁻¹² USD): a rate
 * of at most six decimals of a dollar per million tokens is a whole number of picodollars per
 * token, so every cost is an integer, sums are exact in SQL on both stores, and nothing is rounded.
 *
 * @param picoUsd the cost in picodollars; null when unknown (no price for the model), never 0 for that
 * @param estimated whether the tokens it was priced on were estimated rather than reported by the provider
 */
public record Cost(Long picoUsd, boolean estimated) {
    /** Picodollars in a dollar. */
    public static final int SCALE = 12;

    /** A cost nobody can tell: the model has no price. */
    public static final Cost UNKNOWN = new Cost(null, false);

    /** Whether the cost is known. */
    public boolean known() {
        return picoUsd != null;
    }

    /** The cost in USD, or null when unknown. */
    public BigDecimal usd() {
        return usd(picoUsd);
    }

    /** Picodollars as USD, exactly, without trailing zeros (but at least one decimal); null stays null. */
    public static BigDecimal usd(Long picoUsd) {
        return picoUsd == null ? null : usd(BigInteger.valueOf(picoUsd));
    }

    /** A sum of picodollars as USD, as {@link #usd(Long)}. */
    public static BigDecimal usd(BigInteger picoUsd) {
        BigDecimal usd = new BigDecimal(picoUsd, SCALE).stripTrailingZeros();
        return usd.scale() < 1 ? usd.setScale(1) : usd;
    }

    /** The picodollars of the known costs among {@code costs}, summed; null when none is known. */
    public static Long sum(java.util.List<Cost> costs) {
        Long sum = null;
        for (Cost cost : costs) {
            if (cost.known()) {
                sum = Math.addExact(sum == null ? 0L : sum, cost.picoUsd());
            }
        }
        return sum;
    }

    /** USD as the wire carries it: a decimal string, exact (a JSON number would be read as a double). */
    public static String text(BigDecimal usd) {
        return usd == null ? null : usd.toPlainString();
    }
}
