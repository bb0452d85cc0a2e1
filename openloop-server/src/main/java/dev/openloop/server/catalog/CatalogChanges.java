package dev.openloop.server.catalog;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleListener;

/**
 * What a store calls in the same handle as every change to the catalog (a project renamed,
 * moved or deleted, a deployment put or removed, an environment created, a config's fallbacks
 * replaced), so that no door, console page or command can change it unseen. Once the change
 * commits, this node's copies are retired; on PostgreSQL the other nodes are told in the same
 * transaction, and the change is acknowledged only when none of them can still use a copy from
 * before it ({@link CatalogListener}). That wait runs once the handle is closed, so the pooled
 * connection is back in the pool while the node waits, and once a handle: a request that deploys
 * a config to many environments waits once, not once a deployment.
 */
public final class CatalogChanges {
    private final CatalogGeneration generation;
    private final CatalogListener listener;
    /** Registered on a handle whose change committed: one instance, so a handle holds it once. */
    private final HandleListener awaitOthersOnClose;

    private CatalogChanges(CatalogGeneration generation, CatalogListener listener) {
        this.generation = generation;
        this.listener = listener;
        this.awaitOthersOnClose = new HandleListener() {
            @Override
            public void handleClosed(Handle handle) {
                listener.awaitOthers();
            }
        };
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
            handle.afterCommit(() -> committed(handle));
        } else {
            committed(handle);
        }
    }

    private void committed(Handle handle) {
        generation.advance();
        if (listener != null) {
            handle.addHandleListener(awaitOthersOnClose);
        }
    }
}
