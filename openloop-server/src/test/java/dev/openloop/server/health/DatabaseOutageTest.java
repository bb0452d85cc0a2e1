package dev.openloop.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.PrivatePostgres;
import dev.openloop.server.testing.ServerProcess;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Issue #11's database outage: a node on a PostgreSQL server of the test's own, under load, while
 * that server is stopped for 20 s and started again. Clients get 503 with {@code Retry-After},
 * never a hang; {@code /readyz} goes 503 and back to 200 without anyone touching the node; and
 * every log a client was told was stored is there afterwards.
 */
class DatabaseOutageTest {
    private static final Duration OUTAGE = Duration.ofSeconds(20);
    /** Longer than any wait of the node's (its pool waits 10 s for a connection): a request that takes this long hangs. */
    private static final Duration HANG = Duration.ofSeconds(90);
    private static final int CLIENTS = 4;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void clientsGet503WithRetryAfterAndTheNodeRecoversWithEveryAcknowledgedLog() throws Exception {
        try (PrivatePostgres postgres = PrivatePostgres.start();
                TestDatabase database = TestDatabase.onPostgres(postgres.jdbcUrl());
                ServerProcess node = ServerProcess.start(database, Map.of("OPENLOOP_API_KEY_CACHE_MS", "1000"), "node")) {
            assertThat(get(node, "/readyz").statusCode()).isEqualTo(200);

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            List<String> wrong = new CopyOnWriteArrayList<>();
            List<Integer> statuses = new CopyOnWriteArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> clients = java.util.stream.IntStream.range(0, CLIENTS)
                    .mapToObj(i -> Thread.ofVirtual().start(() -> chatUntilStopped(node, running, acknowledged, statuses, wrong)))
                    .toList();
            try {
                awaitCount(acknowledged, 20);
                postgres.stop();
                long stoppedAt = System.nanoTime();
                JsonNode notReady = TestServer.json(await(node, "/readyz", r -> r.statusCode() == 503).body());
                assertThat(notReady.get("detail").asText()).contains("database");
                // A path that would forge a line in the server's log, on a request that fails for the database.
                HttpResponse<String> forged = send(node, HttpRequest.newBuilder(node.uri("/v4/logs/log_x%0aFORGED%0d-LINE"))
                        .header("X-API-KEY", TestServer.API_KEY).GET());
                assertThat(forged.statusCode()).isEqualTo(503);
                assertThat(forged.headers().firstValue("Retry-After")).isPresent();
                // The /v1 door meets the outage checking the key, or in its route while the key is still remembered: in OpenAI's shape either way.
                HttpResponse<String> v1 = send(node, HttpRequest.newBuilder(node.uri("/v1/models"))
                        .header("Authorization", "Bearer " + TestServer.API_KEY).GET());
                assertThat(v1.statusCode()).as(v1.body()).isEqualTo(503);
                assertThat(v1.headers().firstValue("Retry-After")).isPresent();
                assertThat(TestServer.json(v1.body()).get("error").get("type").asText()).isEqualTo("server_error");
                long left = OUTAGE.toNanos() - (System.nanoTime() - stoppedAt);
                if (left > 0) {
                    Thread.sleep(left / 1_000_000);
                }
                postgres.startAgain();
                await(node, "/readyz", r -> r.statusCode() == 200);
                int before = acknowledged.size();
                awaitCount(acknowledged, before + 20);
            } finally {
                running.set(false);
                for (Thread thread : clients) {
                    thread.join();
                }
            }

            assertThat(wrong).as("every answer a 200, or a 503 with Retry-After, and none hung").isEmpty();
            assertThat(statuses).contains(503);
            List<String> stored = database.jdbi().withHandle(h -> h.createQuery("SELECT id FROM logs").mapTo(String.class).list());
            assertThat(stored).containsAll(acknowledged);
            assertThat(node.output()).doesNotContainPattern("(?m)^FORGED").doesNotContainPattern("(?m)^-LINE");
        }
    }

    private void chatUntilStopped(ServerProcess node, AtomicBoolean running, Set<String> acknowledged,
            List<Integer> statuses, List<String> wrong) {
        while (running.get()) {
            long started = System.nanoTime();
            try {
                HttpResponse<String> answer = send(node, HttpRequest.newBuilder(node.uri("/v4/chat"))
                        .header("X-API-KEY", TestServer.API_KEY).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("""
                                {"project":"outage","messages":[{"role":"user","content":"hello"}],
                                 "model_config":{"provider":"mock","model":"mock-1"}}""")));
                statuses.add(answer.statusCode());
                if (answer.statusCode() == 200) {
                    acknowledged.add(TestServer.json(answer.body()).get("data").get(0).get("id").asText());
                } else if (answer.statusCode() != 503 || answer.headers().firstValue("Retry-After").isEmpty()) {
                    wrong.add(answer.statusCode() + " " + answer.headers().map() + " " + answer.body());
                } else {
                    Thread.sleep(200);
                }
            } catch (IOException e) {
                wrong.add("no answer after " + (System.nanoTime() - started) / 1_000_000 + " ms: " + e);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private HttpResponse<String> send(ServerProcess node, HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(HANG).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(ServerProcess node, String path) throws IOException, InterruptedException {
        return send(node, HttpRequest.newBuilder(node.uri(path)).GET());
    }

    /** Polls {@code path} until {@code done} holds, for at most two minutes. */
    private HttpResponse<String> await(ServerProcess node, String path, Predicate<HttpResponse<String>> done)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = get(node, path);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " did not change as expected; last: " + (last == null ? null : last.statusCode()
                + " " + last.body()) + "\n" + node.output());
    }

    private static void awaitCount(Set<String> acknowledged, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (acknowledged.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + acknowledged.size() + " chats were acknowledged");
            }
            Thread.sleep(50);
        }
    }
}
