package dev.openloop.server.catalog;

import dev.openloop.server.store.Dialect;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * A node's view of the catalog's changes: the generation its copies are checked against, and
 * the changes its stores report. On SQLite a node is alone on its file (docs/operations.md), so
 * its own changes are all there are; on PostgreSQL a {@link CatalogListener} hears the other
 * nodes'.
 */
public final class Catalog implements AutoCloseable, MeterBinder {
    private final CatalogGeneration generation;
    private final CatalogChanges changes;
    private final CatalogListener listener;

    private Catalog(CatalogGeneration generation, CatalogChanges changes, CatalogListener listener) {
        this.generation = generation;
        this.changes = changes;
        this.listener = listener;
    }

    /** The catalog of a node on the database at {@code jdbcUrl}. */
    public static Catalog open(Dialect dialect, String jdbcUrl) {
        if (dialect == Dialect.POSTGRESQL) {
            CatalogListener listener = CatalogListener.start(jdbcUrl);
            return new Catalog(listener.generation(), listener.changes(), listener);
        }
        return local();
    }

    /** A node alone on its database. */
    public static Catalog local() {
        CatalogGeneration generation = CatalogGeneration.local();
        return new Catalog(generation, CatalogChanges.local(generation), null);
    }

    public CatalogGeneration generation() {
        return generation;
    }

    public CatalogChanges changes() {
        return changes;
    }

    /** The acknowledgements' timer, on PostgreSQL; a node alone on SQLite never waits and has none. */
    @Override
    public void bindTo(MeterRegistry registry) {
        if (listener != null) {
            listener.bindTo(registry);
        }
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close();
        }
    }
}
