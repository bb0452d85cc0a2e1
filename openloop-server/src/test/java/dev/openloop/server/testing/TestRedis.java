package dev.openloop.server.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis server the tests of shared limits run on: {@code OPENLOOP_TEST_REDIS_URL}, by default
 * the local server on 6379. Tests keep out of each other's way by the names of their counters,
 * each with a random part, rather than by databases.
 *
 * <p>When no server answers: in CI ({@code CI=true}) that is a failure; elsewhere the Redis tests
 * are skipped, and a banner in the test output says so.
 */
public final class TestRedis {
    private static final String URL = orDefault(System.getenv("OPENLOOP_TEST_REDIS_URL"), "redis://127.0.0.1:6379");
    private static final boolean IN_CI = "true".equals(System.getenv("CI"));
    private static boolean checked;
    private static String unavailable;

    private TestRedis() {
    }

    /** The server's URL; skips or fails when there is no server. */
    public static synchronized String url() {
        if (!checked) {
            checked = true;
            unavailable = probe();
            if (unavailable != null && !IN_CI) {
                System.err.println("""

                        ################################################################################
                        #  REDIS TESTS SKIPPED
                        #  no Redis server answered at %s (%s).
                        #  The limits shared by several nodes were not tested. Start Redis (or point
                        #  OPENLOOP_TEST_REDIS_URL at one); in CI (CI=true) this is a failure.
                        ################################################################################
                        """.formatted(URL, unavailable));
            }
        }
        if (unavailable != null) {
            String problem = "no Redis server answered at " + URL + " (" + unavailable + ")";
            if (IN_CI) {
                throw new IllegalStateException(problem + ". CI (CI=true) tests the shared limits on Redis: start Redis"
                        + " before the tests, or point OPENLOOP_TEST_REDIS_URL at one.");
            }
            Assumptions.abort("Redis tests skipped outside CI: " + problem);
        }
        return URL;
    }

    /** Why the server cannot be reached, or null when it answers a connection. */
    private static String probe() {
        URI uri = URI.create(URL);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), 2000);
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
