package dev.openloop.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.ServerProcess;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code /healthz} and {@code /readyz}: without a key, and what each says while the node stops. */
class ReadinessTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void aServingNodeIsAliveAndReadyWithoutAKey() {
        try (TestServer server = TestServer.start()) {
            HttpResponse<String> ready = server.send(HttpRequest.newBuilder(server.uri("/readyz")).GET().build());
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(TestServer.json(ready.body()).get("status").asText()).isEqualTo("ready");
            assertThat(server.send(HttpRequest.newBuilder(server.uri("/healthz")).GET().build()).statusCode()).isEqualTo(200);
            HttpResponse<String> posted = server.send(HttpRequest.newBuilder(server.uri("/readyz"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertThat(posted.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void aStoppingNodeIsNotReadyForItsDrainDelayWhileStillServing() throws Exception {
        try (TestDatabase database = TestDatabase.create(TestStore.SQLITE);
                ServerProcess node = ServerProcess.start(database, Map.of("OPENLOOP_DRAIN_DELAY_MS", "10000"), "node")) {
            assertThat(get(node, "/readyz").statusCode()).isEqualTo(200);
            node.terminate();
            HttpResponse<String> notReady = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && node.process().isAlive()) {
                HttpResponse<String> answer = get(node, "/readyz");
                if (answer.statusCode() == 503) {
                    notReady = answer;
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(notReady).as("/readyz turned 503 before the node went:\n" + node.output()).isNotNull();
            assertThat(notReady.headers().firstValue("Retry-After")).isPresent();
            assertThat(TestServer.json(notReady.body()).get("detail").asText()).contains("stopping");
            assertThat(get(node, "/healthz").statusCode()).as("still alive, still serving").isEqualTo(200);
            assertThat(node.process().waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(node.process().exitValue()).as("a stop on SIGTERM").isIn(0, 143);
        }
    }

    private HttpResponse<String> get(ServerProcess node, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(node.uri(path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
