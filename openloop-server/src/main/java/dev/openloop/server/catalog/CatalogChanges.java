package dev.openloop.server.catalog;

import org.jdbi.v3.core.Handle;

/**
 * What a store calls in the same handle as every change to the catalog (a project renamed,
 * moved or deleted, a deployment put or removed, an environment created, a config's fallbacks
 * replaced), so that no door, console page or command can change it unseen. Once the change
 * commits, this node's copies are retired; on PostgreSQL the other nodes are told in the same
 * transaction, and the change is acknowledged only when none of them can still use a copy from
 * before it ({@link CatalogListener}).
 */
public final class CatalogChanges {
    private final CatalogGeneration generation;
    private final CatalogListener listener;

    private CatalogChanges(CatalogGeneration generation, CatalogListener listener) {
        this.generation = generation;
        this.listener = listener;
    }

    /** A node alone on its database: its own changes retire its copies. */
    public static CatalogChanges local(CatalogGeneration generation) {
        return new CatalogChanges(generation, null);
    }

    /** A node among others on PostgreSQL: changes are also announced to, and waited on, through {@code listener}. */
    static CatalogChanges shared(CatalogGeneration generation, CatalogListener listener) {
        return new CatalogChanges(generation, listener);
    }

    /**
     * Notes a change written through {@code handle}: inside a transaction it counts at commit (a
     * change rolled back changed nothing), outside one it is committed already.
     */
    public void changed(Handle handle) {
        if (listener != null) {
            CatalogListener.announce(handle);
        }
        if (handle.isInTransaction()) {
            handle.afterCommit(this::committed);
        } else {
            committed();
        }
    }

    private void committed() {
        generation.advance();
        if (listener != null) {
            listener.awaitOthers();
        }
    }
}
