package dev.openloop.server.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The server's keys for one provider, and which of them a call goes out with: one drawn at random
 * by weight among those that can be used now. A key that was answered with a rate limit cools
 * down for the provider's {@code Retry-After} (else a default) and is skipped meanwhile; a key the
 * provider refused (401) is taken out until the node restarts, and reported by its label.
 *
 * <p>A lone key is neither cooled down nor taken out, only reported: there is no other key to turn
 * to, and the provider's own answer to a call says as quickly, and more exactly, whether it is
 * back. The state is the node's own; every adapter goes through {@link ProviderKeys}, which asks
 * here, and {@code ProviderHttp} reports how each call with a pooled key ended.
 */
public final class KeyPool {
    private static final System.Logger LOG = System.getLogger(KeyPool.class.getName());

    private final String field;
    private final List<Slot> slots;
    private final Clock clock;
    private final Duration defaultCooldown;
    private final DoubleSupplier random;

    /** A key and what the node learned of it. */
    private static final class Slot {
        final ServerKey key;
        Instant coolUntil = Instant.MIN;
        boolean out;

        Slot(ServerKey key) {
            this.key = key;
        }
    }

    /** What a pool's key is doing now, for metrics and {@code /readyz}. */
    public enum KeyState {
        READY, COOLING_DOWN, OUT
    }

    /**
     * @param field the provider's field under {@code provider_api_keys}, e.g. {@code openai}: what
     *     reports name the provider by
     * @param keys its keys; none when the server has no key for it
     * @param defaultCooldown how long a rate-limited key is skipped when the provider did not say
     * @param random a uniform number in [0, 1) per draw
     */
    public KeyPool(String field, List<ServerKey> keys, Clock clock, Duration defaultCooldown, DoubleSupplier random) {
        this.field = field;
        this.slots = keys.stream().map(Slot::new).toList();
        this.clock = clock;
        this.defaultCooldown = defaultCooldown;
        this.random = random;
    }

    /** A pool that draws with the thread's random numbers. */
    public KeyPool(String field, List<ServerKey> keys, Clock clock, Duration defaultCooldown) {
        this(field, keys, clock, defaultCooldown, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The provider's field under {@code provider_api_keys}. */
    public String field() {
        return field;
    }

    /** Whether the server has any key for the provider, usable or not. */
    public boolean isEmpty() {
        return slots.isEmpty();
    }

    /** The keys, as configured. */
    public List<ServerKey> keys() {
        return slots.stream().map(slot -> slot.key).toList();
    }

    /**
     * A key for the next call, drawn by weight among those neither cooling down nor out.
     *
     * @return null when the server has no key for the provider
     * @throws ProviderFailure when it has keys but none can be used now: {@code RATE_LIMITED}
     *     (with the wait until the first is back) when some cool down, else {@code AUTHENTICATION}
     */
    public synchronized ServerKey pick(String origin) {
        if (slots.isEmpty()) {
            return null;
        }
        if (slots.size() == 1) {
            return slots.getFirst().key;
        }
        Instant now = clock.instant();
        List<Slot> usable = new ArrayList<>();
        long total = 0;
        for (Slot slot : slots) {
            if (!slot.out && !now.isBefore(slot.coolUntil)) {
                usable.add(slot);
                total += slot.key.weight();
            }
        }
        if (usable.isEmpty()) {
            throw noneUsable(origin, now);
        }
        double target = random.getAsDouble() * total;
        for (Slot slot : usable) {
            target -= slot.key.weight();
            if (target < 0) {
                return slot.key;
            }
        }
        return usable.getLast().key;
    }

    private ProviderFailure noneUsable(String origin, Instant now) {
        Instant firstBack = slots.stream().filter(slot -> !slot.out).map(slot -> slot.coolUntil).min(Instant::compareTo)
                .orElse(null);
        if (firstBack == null) {
            return new ProviderFailure(origin, ProviderFailure.Kind.AUTHENTICATION, "Every key of this server for " + origin
                    + " was refused by it (see /readyz); the operator must replace them").byServerKey();
        }
        long seconds = Math.max(1, (Duration.between(now, firstBack).toMillis() + 999) / 1000);
        return new ProviderFailure(origin, ProviderFailure.Kind.RATE_LIMITED, "Every key of this server for " + origin
                + " is cooling down after a rate limit; the first is back in " + seconds + " s",
                String.valueOf(seconds), true).byServerKey();
    }

    /** Whether {@code secret} is one of this pool's keys. */
    boolean holds(String secret) {
        return slot(secret) != null;
    }

    /**
     * How a call with {@code secret} ended: a rate limit cools the key down, a refused key is
     * taken out; anything else changes nothing.
     *
     * @param retryAfter the provider's wait, or null
     */
    synchronized void failed(String secret, ProviderFailure failure, Duration retryAfter) {
        Slot slot = slot(secret);
        if (slot == null) {
            return;
        }
        switch (failure.kind()) {
            case RATE_LIMITED -> {
                if (slots.size() == 1) {
                    return;
                }
                Duration wait = retryAfter == null || retryAfter.isNegative() ? defaultCooldown : retryAfter;
                slot.coolUntil = clock.instant().plus(wait);
            }
            case AUTHENTICATION -> {
                if (!slot.out) {
                    slot.out = true;
                    LOG.log(System.Logger.Level.WARNING, "the provider refused the server's key '" + slot.key.label()
                            + "' for " + field + " (401): " + (slots.size() == 1
                                    ? "it is the only one, so it is still tried" : "it is taken out of use until the node restarts"));
                }
            }
            default -> {
            }
        }
    }

    /** What each key is doing now, by label. */
    public synchronized List<Report> report() {
        Instant now = clock.instant();
        return slots.stream().map(slot -> new Report(slot.key.label(), slot.out ? KeyState.OUT
                : now.isBefore(slot.coolUntil) ? KeyState.COOLING_DOWN : KeyState.READY)).toList();
    }

    /** A key's state under its label. */
    public record Report(String label, KeyState state) {
    }

    private Slot slot(String secret) {
        if (secret == null) {
            return null;
        }
        for (Slot slot : slots) {
            if (slot.key.secret().equals(secret)) {
                return slot;
            }
        }
        return null;
    }
}
