package dev.openloop.server.testing;

/** The stores a test node can run on; suites marked {@link OnEveryStore} run once on each. */
public enum TestStore {
    /** A fresh SQLite file in a temporary data directory: the embedded default. */
    SQLITE("SQLite"),
    /** A fresh database of its own on the PostgreSQL server the tests use (see {@link TestPostgres}). */
    POSTGRESQL("PostgreSQL");

    private final String displayName;

    TestStore(String displayName) {
        this.displayName = displayName;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
