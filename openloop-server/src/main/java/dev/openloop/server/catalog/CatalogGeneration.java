package dev.openloop.server.catalog;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Which state of the catalog (projects, environments, deployments, configs' fallbacks) this
 * node's cached copies belong to. Every committed change moves it on, which retires every copy
 * read before it; {@link CatalogCache} keeps no copy read while a change committed.
 *
 * <p>Nodes sharing a PostgreSQL database learn of each other's changes through a
 * {@link CatalogListener}, whose lease says whether it has heard everything recently enough for
 * copies to be trusted at all; while it has not, every lookup reads the database.
 */
public final class CatalogGeneration {
    /** What {@link #trusted} answers when cached copies must not be used. */
    public static final long UNTRUSTED = -1;

    private final AtomicLong generation = new AtomicLong();
    private final BooleanSupplier lease;

    private CatalogGeneration(BooleanSupplier lease) {
        this.lease = lease;
    }

    /** A node alone on its database (SQLite, one node per file): its own changes are all there are. */
    public static CatalogGeneration local() {
        return new CatalogGeneration(() -> true);
    }

    /** Copies trusted only while {@code lease} holds: the listener has confirmed lately that it heard every change. */
    static CatalogGeneration leased(BooleanSupplier lease) {
        return new CatalogGeneration(lease);
    }

    /**
     * The current generation, or {@link #UNTRUSTED} when copies must not be used. The lease is read
     * first: the listener moves the generation on before it renews the lease, so a renewed lease
     * is always seen with the generation that followed what it heard.
     */
    public long trusted() {
        if (!lease.getAsBoolean()) {
            return UNTRUSTED;
        }
        return generation.get();
    }

    /** True while nothing changed since {@code seen}, a value {@link #trusted} gave. */
    boolean unchangedSince(long seen) {
        return seen != UNTRUSTED && generation.get() == seen && lease.getAsBoolean();
    }

    /** A change committed, or one may have been missed: every copy read so far is retired. */
    public void advance() {
        generation.incrementAndGet();
    }
}
