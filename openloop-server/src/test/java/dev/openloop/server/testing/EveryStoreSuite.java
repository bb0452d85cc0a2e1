package dev.openloop.server.testing;

import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The base of suites that run on every store: all tests of the class run once on SQLite, then
 * once on PostgreSQL, each run with its own {@code @BeforeParameterizedClassInvocation} and
 * {@code @AfterParameterizedClassInvocation}, which receive the run's store:
 *
 * <pre>{@code
 * class SomeTest extends EveryStoreSuite {
 *     private static TestServer server;
 *
 *     @BeforeParameterizedClassInvocation
 *     static void start(TestStore store) {
 *         server = TestServer.start(store);
 *     }
 *
 *     @AfterParameterizedClassInvocation
 *     static void stop() {
 *         server.close();
 *     }
 * }
 * }</pre>
 *
 * Outside CI, the PostgreSQL run is skipped, with a message saying so, when no PostgreSQL server
 * answers; in CI it fails instead (see {@link TestPostgres}).
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestStore.class)
public abstract class EveryStoreSuite {
    /** The store of this run, also available to the tests themselves. */
    @Parameter
    protected TestStore store;
}
