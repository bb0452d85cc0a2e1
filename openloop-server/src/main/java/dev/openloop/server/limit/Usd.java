package dev.openloop.server.limit;

import java.math.BigDecimal;

/** Micro-dollars, the unit spend is counted in, and the dollars people read and write. */
public final class Usd {
    private static final int MICROS_SCALE = 6;

    private Usd() {
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
