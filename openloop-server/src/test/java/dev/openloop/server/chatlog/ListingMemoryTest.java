package dev.openloop.server.chatlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.ServerProcess;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Listings of large logs keep a node's memory bounded (issue #11, finding 4: six parallel
 * listings of eight logs of a 19 MB message took a node to 6.8 GB). A node with a heap of
 * {@value #HEAP_MB} MB, which exits on running out of it, stores eight logs of a 2 MB prompt and
 * answer, then serves several listings of all of them at once: built whole, each listing alone
 * would need more than that heap; streamed a log at a time, with previews, they all complete.
 */
class ListingMemoryTest {
    private static final int HEAP_MB = 192;
    private static final int TEXT_CHARS = 2_000_000;
    private static final int LOGS = 8;
    private static final int PARALLEL_LISTINGS = 6;

    @Test
    void parallelListingsOfLargeLogsCompleteOnASmallHeap() throws Exception {
        try (TestDatabase database = TestDatabase.create(TestStore.SQLITE);
                ServerProcess node = ServerProcess.start(database, Map.of(
                        "JAVA_TOOL_OPTIONS", "-Xmx" + HEAP_MB + "m -XX:+ExitOnOutOfMemoryError"), "small-heap")) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String text = "x".repeat(TEXT_CHARS);
            String projectId = null;
            for (int i = 0; i < LOGS; i++) {
                String body = "{\"project\":\"memory\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + i
                        + "\"}],\"model_config\":{\"provider\":\"mock\",\"model\":\"mock-1\"}}";
                HttpResponse<String> answer = client.send(request(node, "/v4/chat")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as("chat %s", i).isEqualTo(200);
                projectId = TestServer.json(answer.body()).get("project_id").asText();
                answer = null;
            }

            List<CompletableFuture<HttpResponse<byte[]>>> listings = new ArrayList<>();
            for (int i = 0; i < PARALLEL_LISTINGS; i++) {
                listings.add(client.sendAsync(request(node, "/v4/logs?project_id=" + projectId + "&size=" + LOGS).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray()));
            }
            for (CompletableFuture<HttpResponse<byte[]>> listing : listings) {
                HttpResponse<byte[]> page = listing.get();
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(TestServer.json(new String(page.body(), java.nio.charset.StandardCharsets.UTF_8))
                        .get("records")).hasSize(LOGS);
            }
            assertThat(node.process().isAlive()).as("the node, after the listings:\n%s", node.output()).isTrue();
            assertThat(node.output()).doesNotContain("java.lang.OutOfMemoryError");
        }
    }

    private static HttpRequest.Builder request(ServerProcess node, String path) {
        return HttpRequest.newBuilder(node.uri(path))
                .timeout(Duration.ofMinutes(2))
                .header("X-API-KEY", TestServer.API_KEY)
                .header("Content-Type", "application/json");
    }
}
