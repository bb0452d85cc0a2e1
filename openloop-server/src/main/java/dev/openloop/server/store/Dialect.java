package dev.openloop.server.store;

/**
 * The SQL dialects OpenLoop runs on. Both get the same tables: the migrations both dialects write
 * alike are in {@link #SHARED_MIGRATIONS}, those that differ in each dialect's own folder; the few
 * statements that differ at run time ask the dialect.
 */
public enum Dialect {
    SQLITE("db/sqlite"),
    POSTGRESQL("db/postgresql");

    /**
     * The classpath folder of the migrations written alike for every dialect. A migration moved
     * here from the dialects' folders keeps its version, name and text, so its checksum in an
     * existing database's schema history still matches.
     */
    public static final String SHARED_MIGRATIONS = "db/common";

    private final String migrations;

    Dialect(String migrations) {
        this.migrations = migrations;
    }

    /** The classpath folder of this dialect's own Flyway migrations, besides {@link #SHARED_MIGRATIONS}. */
    public String migrations() {
        return migrations;
    }

    /**
     * How many group-commit transactions to keep open at once. SQLite has one write lock, so a
     * second writer would only wait for it. PostgreSQL commits concurrent transactions in
     * parallel: with two, one inserts its batch while the other waits for its commit to be flushed
     * (measured: about half as many logs again per second; docs/benchmarks.md, "Log writes").
     */
    public int groupCommitWriters() {
        return this == POSTGRESQL ? 2 : 1;
    }

    /** The case-insensitive LIKE operator. */
    public String ilike() {
        return this == POSTGRESQL ? "ILIKE" : "LIKE";
    }

    /**
     * What ends a SELECT that locks the rows it reads until the transaction ends. SQLite needs
     * nothing: its write transactions begin IMMEDIATE and so already hold the one write lock.
     */
    public String forUpdate() {
        return this == POSTGRESQL ? " FOR UPDATE" : "";
    }

    /**
     * As {@link #forUpdate}, for rows the transaction changes but does not delete, nor change the
     * keys of. Unlike FOR UPDATE, the lock lets other transactions insert rows whose foreign keys
     * point at the locked ones (the key-share lock such an insert takes does not conflict with it).
     */
    public String forNoKeyUpdate() {
        return this == POSTGRESQL ? " FOR NO KEY UPDATE" : "";
    }

    /** Which dialect a JDBC URL speaks. */
    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        throw new IllegalArgumentException("OPENLOOP_DATABASE_URL must start with jdbc:postgresql: or jdbc:sqlite:");
    }
}
