package dev.openloop.server.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Copies of catalog rows a chat's planning looks up on every request, each tagged with the
 * {@link CatalogGeneration} it was read in: a copy of an older generation is read again. A copy is
 * kept only when no change committed while it was read, so a read racing a change never outlives
 * it. Bounded: the least used copies go first.
 *
 * <p>Use it outside transactions only: a copy read inside one could hold what the transaction
 * wrote and then rolled back.
 */
public final class CatalogCache<K, V> {
    private record Copy<V>(long generation, V value) {
    }

    private final CatalogGeneration catalog;
    private final Cache<K, Copy<V>> copies;

    public CatalogCache(CatalogGeneration catalog, long maximumSize) {
        this.catalog = catalog;
        this.copies = Caffeine.newBuilder().maximumSize(maximumSize).build();
    }

    /**
     * The value of {@code key}: the cached copy when it is of the current generation, else what
     * {@code load} reads, kept when {@code keep} accepts it (an absent row, say, may not be worth
     * keeping when its creation does not retire copies).
     */
    public V get(K key, Function<K, V> load, Predicate<V> keep) {
        long generation = catalog.trusted();
        if (generation == CatalogGeneration.UNTRUSTED) {
            return load.apply(key);
        }
        Copy<V> copy = copies.getIfPresent(key);
        if (copy != null && copy.generation() == generation) {
            return copy.value();
        }
        V value = load.apply(key);
        if (keep.test(value) && catalog.unchangedSince(generation)) {
            copies.put(key, new Copy<>(generation, value));
        }
        return value;
    }

    /** As {@link #get(Object, Function, Predicate)}, keeping whatever is read. */
    public V get(K key, Function<K, V> load) {
        return get(key, load, value -> true);
    }
}
