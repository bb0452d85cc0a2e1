package dev.openloop.server.cost;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The prices a node charges by: the shipped file ({@value #SHIPPED}), and over it the operator's
 * own ({@code OPENLOOP_PRICES_FILE}), whose lines replace shipped ones for the same provider,
 * model and date and add the rest. The price of a call is the one of its provider and model that
 * took effect last on or before the call's day (UTC).
 */
public final class PriceTable {
    /** The shipped prices, a resource beside this class. */
    public static final String SHIPPED = "prices.csv";

    /** Provider and model → prices, oldest first. */
    private final Map<String, List<Price>> byModel;
    private final int size;

    private PriceTable(List<Price> prices) {
        Map<String, List<Price>> grouped = new HashMap<>();
        for (Price price : prices) {
            grouped.computeIfAbsent(key(price.provider(), price.model()), k -> new ArrayList<>()).add(price);
        }
        grouped.values().forEach(list -> list.sort(Comparator.comparing(Price::effectiveFrom)));
        this.byModel = Map.copyOf(grouped);
        this.size = prices.size();
    }

    /** A table of exactly {@code prices}. */
    public static PriceTable of(List<Price> prices) {
        return new PriceTable(prices);
    }

    /** The shipped prices alone. */
    public static PriceTable shipped() {
        return new PriceTable(shippedPrices());
    }

    /**
     * The shipped prices with the operator's file over them.
     *
     * @param operatorFile the file of {@code OPENLOOP_PRICES_FILE}, or null
     * @throws IllegalArgumentException when the file cannot be read or is not a valid price file
     */
    public static PriceTable load(Path operatorFile) {
        if (operatorFile == null) {
            return shipped();
        }
        String text;
        try {
            text = Files.readString(operatorFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("OPENLOOP_PRICES_FILE " + operatorFile + " cannot be read: " + e);
        }
        List<Price> own = PriceFile.parse("OPENLOOP_PRICES_FILE " + operatorFile, text);
        Map<String, Price> merged = new LinkedHashMap<>();
        for (Price price : shippedPrices()) {
            merged.put(key(price.provider(), price.model()) + "\n" + price.effectiveFrom(), price);
        }
        for (Price price : own) {
            merged.put(key(price.provider(), price.model()) + "\n" + price.effectiveFrom(), price);
        }
        return new PriceTable(new ArrayList<>(merged.values()));
    }

    /** The price of {@code provider}'s {@code model} on the day of {@code at}; empty when it has none then. */
    public Optional<Price> at(String provider, String model, Instant at) {
        List<Price> prices = byModel.get(key(provider, model));
        if (prices == null) {
            return Optional.empty();
        }
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        Price found = null;
        for (Price price : prices) {
            if (price.effectiveFrom().isAfter(day)) {
                break;
            }
            found = price;
        }
        return Optional.ofNullable(found);
    }

    /** Whether any price is known for {@code provider}'s {@code model}, at any date. */
    public boolean knows(String provider, String model) {
        return byModel.containsKey(key(provider, model));
    }

    /** How many prices the table holds. */
    public int size() {
        return size;
    }

    /** Two tables are equal when they hold the same prices: a configuration read twice is the same. */
    @Override
    public boolean equals(Object other) {
        return other instanceof PriceTable table && table.byModel.equals(byModel);
    }

    @Override
    public int hashCode() {
        return byModel.hashCode();
    }

    @Override
    public String toString() {
        return "PriceTable[" + size + " prices of " + byModel.size() + " models]";
    }

    private static List<Price> shippedPrices() {
        try (InputStream in = PriceTable.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException("the shipped price file " + SHIPPED + " is missing from the build");
            }
            return PriceFile.parse(SHIPPED, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(String provider, String model) {
        return provider + "\n" + model;
    }
}
