package dev.openloop.server.cost;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a price file: CSV, one price per line, so that a price change is one line in a diff and
 * the file opens in any spreadsheet. Lines starting with {@code #} are comments (the shipped file
 * says there where its prices come from and when they were read); the first other line is the
 * header {@value #HEADER}. Fields are plain (no quotes, no commas inside); an empty rate is one the
 * provider does not bill apart. Anything else is refused with the file, line and what is wrong.
 */
public final class PriceFile {
    /** The header every price file starts with. */
    public static final String HEADER = "provider,model,effective_from,input,output,cached_input,cache_write,reasoning";

    private static final Pattern PROVIDER = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern RATE = Pattern.compile("[0-9]+(\\.[0-9]+)?");
    private static final int FIELDS = 8;

    private PriceFile() {
    }

    /**
     * The prices in {@code text}.
     *
     * @param source what to call the file in a message (its path)
     * @throws IllegalArgumentException naming the file and line of the first problem
     */
    public static List<Price> parse(String source, String text) {
        List<Price> prices = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean headerSeen = false;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String at = source + ", line " + (i + 1) + ": ";
            if (!headerSeen) {
                if (!line.equals(HEADER)) {
                    throw new IllegalArgumentException(at + "the first line that is not a comment must be the header "
                            + HEADER);
                }
                headerSeen = true;
                continue;
            }
            Price price = price(at, line);
            if (!seen.add(price.provider() + "\n" + price.model() + "\n" + price.effectiveFrom())) {
                throw new IllegalArgumentException(at + "a second price for " + price.provider() + " " + price.model()
                        + " from " + price.effectiveFrom());
            }
            prices.add(price);
        }
        if (!headerSeen) {
            throw new IllegalArgumentException(source + ": no header line " + HEADER);
        }
        return prices;
    }

    private static Price price(String at, String line) {
        if (line.indexOf('"') >= 0) {
            throw new IllegalArgumentException(at + "quotes are not allowed: fields are plain text without commas");
        }
        String[] fields = line.split(",", -1);
        if (fields.length != FIELDS) {
            throw new IllegalArgumentException(at + "expected " + FIELDS + " fields (" + HEADER + "), found "
                    + fields.length);
        }
        for (int f = 0; f < fields.length; f++) {
            fields[f] = fields[f].strip();
        }
        if (!PROVIDER.matcher(fields[0]).matches()) {
            throw new IllegalArgumentException(at + "provider must be a provider's name as v4 writes it (e.g. openai),"
                    + " not '" + fields[0] + "'");
        }
        if (fields[1].isEmpty() || fields[1].chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(at + "model must be a model's name without spaces, not '" + fields[1] + "'");
        }
        LocalDate from;
        try {
            from = LocalDate.parse(fields[2]);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(at + "effective_from must be a date as 2025-06-10, not '" + fields[2] + "'");
        }
        return new Price(fields[0], fields[1], from, rate(at, "input", fields[3], true),
                rate(at, "output", fields[4], true), rate(at, "cached_input", fields[5], false),
                rate(at, "cache_write", fields[6], false), rate(at, "reasoning", fields[7], false));
    }

    private static BigDecimal rate(String at, String name, String field, boolean required) {
        if (field.isEmpty()) {
            if (required) {
                throw new IllegalArgumentException(at + name + " is required (USD per million tokens)");
            }
            return null;
        }
        if (!RATE.matcher(field).matches()) {
            throw new IllegalArgumentException(at + name + " must be USD per million tokens as a plain decimal (e.g."
                    + " 2.50), not '" + field + "'");
        }
        BigDecimal rate = new BigDecimal(field);
        if (rate.stripTrailingZeros().scale() > Price.MAX_SCALE) {
            throw new IllegalArgumentException(at + name + " has more than " + Price.MAX_SCALE
                    + " decimals: '" + field + "'");
        }
        if (rate.compareTo(BigDecimal.valueOf(1_000_000)) >= 0) {
            throw new IllegalArgumentException(at + name + " must be below 1000000 USD per million tokens: '" + field + "'");
        }
        return rate;
    }
}
