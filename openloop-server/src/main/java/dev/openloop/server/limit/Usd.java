package dev.openloop.server.limit;

import java.math.BigDecimal;

/**
 * Micro-dollars, the unit a budget is set in, picodollars, the unit spend is counted in (as the
 * logs' costs are), and the dollars people read and write.
 */
public final class Usd {
    private static final int MICROS_SCALE = 6;

    private Usd() {
    }

    /** {@code micros} in picodollars; a budget past what a count can hold (9.2 million dollars) is that much. */
    public static long picos(long micros) {
        return micros > Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : micros * 1_000_000;
    }

    /** {@code micros} as dollars, without trailing zeros, e.g. {@code 12.5}. */
    public static String of(long micros) {
        return BigDecimal.valueOf(micros, MICROS_SCALE).stripTrailingZeros().toPlainString();
    }

    /**
     * {@code dollars} in micro-dollars, exactly.
     *
     * @throws ArithmeticException when {@code dollars} has more than six decimals or does not fit
     */
    public static long micros(BigDecimal dollars) {
        return dollars.movePointRight(MICROS_SCALE).longValueExact();
    }
}
