package dev.openloop.server.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What is stored of a key, and the id it is listed under.
 *
 * <p>Only a SHA-256 hash of a key is stored. A fast, unsalted hash is enough because generated
 * keys are long random strings (40 characters of 62, about 238 bits): no one can guess one from
 * its hash. A key chosen by hand (in {@code OPENLOOP_API_KEY}) is only as safe as it is long and
 * random, which is why the docs ask for such keys.
 *
 * <p>A key's id is {@code key_} and the first 12 hex digits of its hash. It is no secret (it
 * says nothing a reader of the database does not already see), so it can be listed, logged and
 * typed; whoever holds a key can work out its id ({@code sha256sum}).
 */
public final class ApiKeyHash {
    private static final String ID_PREFIX = "key_";
    private static final int ID_HEX_DIGITS = 12;

    private ApiKeyHash() {
    }

    /** The SHA-256 of {@code key}, in lower-case hex. */
    public static String of(String key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The id of the key whose hash is {@code hash}. */
    public static String idOf(String hash) {
        return ID_PREFIX + hash.substring(0, ID_HEX_DIGITS);
    }

    /**
     * The start of the hashes that {@code idOrPrefix} names: a key's id, or the beginning of one,
     * with or without {@code key_}; at least 4 hex digits.
     *
     * @throws IllegalArgumentException when it is not that
     */
    public static String hashPrefixOf(String idOrPrefix) {
        String hex = idOrPrefix.strip().toLowerCase();
        if (hex.startsWith(ID_PREFIX)) {
            hex = hex.substring(ID_PREFIX.length());
        }
        if (hex.length() < 4 || hex.length() > 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("'" + idOrPrefix + "' is not a key id: ids look like key_3f9a0c1b2d4e"
                    + " (./openloop keys list shows them); at least 4 of the hex digits are needed");
        }
        return hex;
    }
}
