package dev.openloop.server.apikey;

import dev.openloop.server.failure.Refusal;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.JdbiException;

/**
 * The keys accepted in {@code X-API-KEY}, as the database has them (see {@link ApiKeyHash} for
 * what is stored).
 *
 * <p>A key found active is remembered for {@code cacheTtl}, so requests with it cost no query
 * meanwhile. After that it is looked up again, so a key revoked with {@code ./openloop keys revoke}
 * (run on the database the nodes share; no node revokes keys itself) stops working on every node
 * within that time. A key not found is not remembered: the next request with it looks again (a
 * lookup by primary key).
 */
public final class ApiKeys {
    private static final System.Logger LOG = System.getLogger(ApiKeys.class.getName());
    private static final String KEY_PREFIX = "ol_";
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int KEY_LENGTH = 40;
    private static final int MAX_REMEMBERED = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiKeyStore store;
    private final long cacheTtlNanos;
    /** Hash → who calls with it, and until when ({@link System#nanoTime()}) without asking the database. */
    private final Map<String, Remembered> accepted = new ConcurrentHashMap<>();

    private record Remembered(Caller caller, long until) {
    }

    /**
     * @param store where the keys are
     * @param cacheTtl how long a key found active is accepted without asking again; zero asks on every request
     */
    public ApiKeys(ApiKeyStore store, Duration cacheTtl) {
        this.store = store;
        this.cacheTtlNanos = cacheTtl.toNanos();
    }

    /**
     * Makes sure a key exists at start-up.
     *
     * @param configured the key from {@code OPENLOOP_API_KEY}, or {@code null}: stored when it is
     *     new; a node configured with a revoked key does not start
     * @return a newly generated key to print once, when no key is configured and none is active;
     *     empty otherwise
     * @throws IllegalArgumentException when the configured key was revoked: a configuration to
     *     change, on which {@link dev.openloop.server.Main} exits with status 2
     */
    public Optional<String> bootstrap(String configured) {
        if (configured != null && !configured.isBlank()) {
            String hash = ApiKeyHash.of(configured);
            store.find(hash).filter(key -> !key.active()).ifPresent(revoked -> {
                throw new IllegalArgumentException("OPENLOOP_API_KEY is the key " + revoked.id()
                        + ", which was revoked: set it to another key, or unset it and create one with ./openloop keys create");
            });
            store.add(hash, "OPENLOOP_API_KEY", KeyScope.ADMIN);
            return Optional.empty();
        }
        if (store.countActive() > 0) {
            return Optional.empty();
        }
        String generated = generate();
        store.add(ApiKeyHash.of(generated), "generated at start", KeyScope.ADMIN);
        return Optional.of(generated);
    }

    /**
     * Whether {@code key} is stored and not revoked, as of at most the cache's time to live ago.
     *
     * @throws Refusal 503 when the database could not be asked
     */
    public boolean accepts(String key) {
        return callerOf(key).isPresent();
    }

    /**
     * Who calls with {@code key}: empty when it is not stored or revoked, as of at most the
     * cache's time to live ago (a key's role and projects are remembered as long).
     *
     * @throws Refusal 503 when the database could not be asked
     */
    public Optional<Caller> callerOf(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.empty();
        }
        return callerOfHash(ApiKeyHash.of(key));
    }

    /**
     * Whether the key of {@code hash} is stored and not revoked, as {@link #accepts} says of a key:
     * the console holds only the hash of the key a session was opened with.
     *
     * @throws Refusal 503 when the database could not be asked
     */
    public boolean acceptsHash(String hash) {
        return callerOfHash(hash).isPresent();
    }

    /**
     * Who calls with the key of {@code hash}, as {@link #callerOf} says of a key.
     *
     * @throws Refusal 503 when the database could not be asked
     */
    public Optional<Caller> callerOfHash(String hash) {
        long now = System.nanoTime();
        Remembered remembered = accepted.get(hash);
        if (remembered != null && now - remembered.until() < 0) {
            return Optional.of(remembered.caller());
        }
        Optional<StoredKey> active;
        try {
            active = store.findActive(hash);
        } catch (JdbiException databaseDown) {
            // Not the caller's fault, and not a verdict on the key: they may try again.
            LOG.log(Level.WARNING, "an API key could not be checked: " + databaseDown);
            throw Refusal.unavailable("The API key could not be checked: the database did not answer");
        }
        if (active.isPresent() && cacheTtlNanos > 0) {
            remember(hash, new Remembered(active.get().caller(), now + cacheTtlNanos), now);
        } else {
            accepted.remove(hash);
        }
        return active.map(StoredKey::caller);
    }

    /**
     * Forgets that the key of {@code hash} was found active, so that this node refuses it from its
     * next request: for a key revoked through this node (other nodes take up to the cache's time).
     */
    public void forget(String hash) {
        accepted.remove(hash);
    }

    private void remember(String hash, Remembered remembered, long now) {
        if (accepted.size() >= MAX_REMEMBERED && !accepted.containsKey(hash)) {
            accepted.values().removeIf(entry -> now - entry.until() >= 0);
            if (accepted.size() >= MAX_REMEMBERED) {
                return; // full of live entries: this key is looked up on each request instead
            }
        }
        accepted.put(hash, remembered);
    }

    /** A new random key: {@code ol_} and 40 letters and digits. */
    public static String generate() {
        StringBuilder key = new StringBuilder(KEY_PREFIX);
        for (int i = 0; i < KEY_LENGTH; i++) {
            key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return key.toString();
    }
}
