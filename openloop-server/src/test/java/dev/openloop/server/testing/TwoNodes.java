package dev.openloop.server.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * Two nodes on one fresh PostgreSQL database, as behind a load balancer: {@link #a()} named
 * {@code node-a}, {@link #b()} {@code node-b}. Closing it stops both and drops the database.
 */
public final class TwoNodes implements AutoCloseable {
    private final TestDatabase database;
    private final TestServer a;
    private final TestServer b;

    private TwoNodes(TestDatabase database, TestServer a, TestServer b) {
        this.database = database;
        this.a = a;
        this.b = b;
    }

    /** Two nodes with nothing but their names set; skipped or failed as {@link TestPostgres} says. */
    public static TwoNodes start() {
        return start(Map.of(), Map.of());
    }

    /** Two nodes, each with extra environment variables of its own. */
    public static TwoNodes start(Map<String, String> extraA, Map<String, String> extraB) {
        TestDatabase database = TestDatabase.create(TestStore.POSTGRESQL);
        TestServer a = null;
        try {
            a = TestServer.startOn(database, named("node-a", extraA));
            return new TwoNodes(database, a, TestServer.startOn(database, named("node-b", extraB)));
        } catch (RuntimeException e) {
            if (a != null) {
                a.close();
            }
            database.close();
            throw e;
        }
    }

    private static Map<String, String> named(String nodeId, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("OPENLOOP_NODE_ID", nodeId);
        return env;
    }

    public TestServer a() {
        return a;
    }

    public TestServer b() {
        return b;
    }

    /** The database both use, for assertions on what was stored. */
    public TestDatabase database() {
        return database;
    }

    @Override
    public void close() {
        try (TestDatabase closedLast = database; TestServer closedSecond = a; TestServer closedFirst = b) {
            // Closed in reverse order, each even when closing the one before failed.
        }
    }
}
