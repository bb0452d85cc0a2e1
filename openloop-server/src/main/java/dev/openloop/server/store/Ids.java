package dev.openloop.server.store;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Entity ids: a prefix naming the kind ({@code pr_}, {@code data_}, …) and 21 random alphanumeric
 * characters, the shape v4 ids have.
 */
public final class Ids {
    /** The characters ids are made of. */
    public static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int LENGTH = 21;

    private Ids() {
    }

    /** A new random id with the given prefix. */
    public static String next(String prefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] chars = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            chars[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return prefix + new String(chars);
    }
}
