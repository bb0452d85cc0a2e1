package dev.openloop.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.ServerProcess;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #11, finding 1: without a key, many connections that each send half a request exhausted
 * the node's open files; the listener then ended for good while the process lived on. Here the
 * node runs under a low open-file limit and gets more such connections than the limit allows.
 */
class ListenerSurvivesExhaustionTest {
    private static final int OPEN_FILE_LIMIT = 512;
    private static final int HALF_REQUESTS = 900;

    @Test
    void manyHalfRequestsDoNotCloseTheListener() {
        try (TestDatabase database = TestDatabase.create(TestStore.SQLITE);
                ServerProcess node = ServerProcess.start(database, Map.of("OPENLOOP_HEADER_TIMEOUT_MS", "3000"), "node",
                        List.of("bash", "-c", "ulimit -n " + OPEN_FILE_LIMIT + " && exec \"$0\" \"$@\""))) {
            List<RawHttp> attackers = new ArrayList<>();
            try {
                for (int i = 0; i < HALF_REQUESTS; i++) {
                    try {
                        attackers.add(RawHttp.connect(node.port()).send("GET / HTTP/1.1\r\n"));
                    } catch (RuntimeException dropped) {
                        // The node closed an earlier one already: what the limits are for.
                    }
                }
                // While they are still held: a new client gets an answer, 200 or the cap's 503.
                try (RawHttp client = RawHttp.connect(node.port())) {
                    assertThat(client.get("/readyz").response()).matches("(?s)HTTP/1.1 (200|503) .*");
                }
            } finally {
                attackers.forEach(RawHttp::close);
            }
            assertThat(TransportLimitsTest.eventuallyServed(node.port())).as(node.output()).isTrue();
            assertThat(node.process().isAlive()).isTrue();
            assertThat(node.output()).doesNotContain("this server socket is terminating now")
                    .doesNotContain("Too many open files");
        }
    }
}
