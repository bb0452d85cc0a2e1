package dev.openloop.server.store;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The one order in which a transaction writes rows it names by id (links of configs, an
 * experiment's configs, deployments to environments): ascending, each id once. Two
 * transactions writing some of the same rows in different orders can each hold a row the other
 * waits for, a deadlock PostgreSQL ends by failing one of them; in one order, the second waits for
 * the first and goes on.
 */
public final class LockOrder {
    private LockOrder() {
    }

    /** {@code ids} sorted, without repeats. */
    public static List<String> of(Collection<String> ids) {
        return List.copyOf(new TreeSet<>(ids));
    }
}
