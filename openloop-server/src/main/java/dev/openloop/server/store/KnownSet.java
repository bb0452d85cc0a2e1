package dev.openloop.server.store;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers keys of rows known to exist, so that inserting an immutable row twice costs no second
 * round trip. It is only ever a shortcut: a key not remembered is checked in the database, and
 * the set forgets everything when it grows past its bound.
 */
public final class KnownSet {
    private final Set<String> keys = ConcurrentHashMap.newKeySet();
    private final int bound;

    public KnownSet(int bound) {
        this.bound = bound;
    }

    /** Whether {@code key} was remembered. */
    public boolean contains(String key) {
        return keys.contains(key);
    }

    /** Remembers {@code key}. */
    public void add(String key) {
        if (keys.size() >= bound) {
            keys.clear();
        }
        keys.add(key);
    }

    /** Forgets every key that starts with {@code prefix}, e.g. the pairs of a deleted project. */
    public void forgetPrefix(String prefix) {
        keys.removeIf(key -> key.startsWith(prefix));
    }
}
