package dev.openloop.server.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;

/**
 * The keys accepted in {@code X-API-KEY}. Only a SHA-256 hash of each key is stored: keys are long
 * random strings, so a fast hash is enough to make the stored value useless to a reader of the
 * database.
 *
 * <p>Hashes found in the database are remembered, so a request costs no query once its key was
 * seen. No route deletes keys, so the memory never outlives a key.
 */
public final class ApiKeys {
    private static final String KEY_PREFIX = "ol_";
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int MAX_REMEMBERED = 10_000;

    private final Jdbi jdbi;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();

    public ApiKeys(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Makes sure a key exists at start-up.
     *
     * @param configured the key from {@code OPENLOOP_API_KEY}, or {@code null}
     * @return a newly generated key to print once, when neither a configured key nor a stored one
     *     exists; empty otherwise
     */
    public Optional<String> bootstrap(String configured) {
        if (configured != null && !configured.isBlank()) {
            add(configured);
            return Optional.empty();
        }
        int stored = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM api_keys").mapTo(Integer.class).one());
        if (stored > 0) {
            return Optional.empty();
        }
        String generated = generate();
        add(generated);
        return Optional.of(generated);
    }

    /** Stores the hash of {@code key}; adding a key twice is harmless. */
    public void add(String key) {
        String hash = hash(key);
        jdbi.useHandle(h -> h.createUpdate(
                        "INSERT INTO api_keys (key_hash, created_at) VALUES (:hash, :now) ON CONFLICT (key_hash) DO NOTHING")
                .bind("hash", hash)
                .bind("now", System.currentTimeMillis())
                .execute());
        known.add(hash);
    }

    /** Whether {@code key} is one of ours. */
    public boolean accepts(String key) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        String hash = hash(key);
        if (known.contains(hash)) {
            return true;
        }
        boolean stored = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM api_keys WHERE key_hash = :hash")
                .bind("hash", hash)
                .mapTo(Integer.class)
                .one()) > 0;
        if (stored && known.size() < MAX_REMEMBERED) {
            known.add(hash);
        }
        return stored;
    }

    private String generate() {
        StringBuilder key = new StringBuilder(KEY_PREFIX);
        for (int i = 0; i < 40; i++) {
            key.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return key.toString();
    }

    static String hash(String key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
