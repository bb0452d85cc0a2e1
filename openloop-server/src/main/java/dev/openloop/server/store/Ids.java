package dev.openloop.server.store;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Entity ids: a prefix naming the kind ({@code pr_}, {@code data_}, …) and 21 alphanumeric
 * characters, the shape v4 ids have.
 *
 * <p>The first 8 characters are the creation time in milliseconds (base 62, so ids sort by
 * creation time across the alphabet's order), the other 13 are random: 62^13 ≈ 2·10^23 choices per
 * millisecond, so ids made at once on many nodes do not collide. Time first keeps the primary key
 * indexes append-mostly: with wholly random ids, every row of a group commit landed on a different
 * index page, and writing those pages was most of the cost of storing a log (measured in
 * docs/benchmarks.md, "Log writes").
 */
public final class Ids {
    /** The characters ids are made of, in ascending (ASCII) order. */
    public static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int TIME_LENGTH = 8;
    private static final int RANDOM_LENGTH = 13;

    private Ids() {
    }

    /** A new id with the given prefix. */
    public static String next(String prefix) {
        char[] chars = new char[TIME_LENGTH + RANDOM_LENGTH];
        long time = System.currentTimeMillis();
        for (int i = TIME_LENGTH - 1; i >= 0; i--) {
            chars[i] = ALPHABET.charAt((int) (time % ALPHABET.length()));
            time /= ALPHABET.length();
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = TIME_LENGTH; i < chars.length; i++) {
            chars[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return prefix + new String(chars);
    }
}
