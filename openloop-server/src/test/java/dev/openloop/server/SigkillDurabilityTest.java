package dev.openloop.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.sse.SseEvent;
import dev.openloop.api.sse.SseReader;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.ServerProcess;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Nothing acknowledged is lost when a node is killed outright. Clients drive whole and streamed
 * chats at a node running as a process of its own; in the middle of it the node gets SIGKILL, so
 * nothing of it runs after. A node started again on the same database, with the same node id,
 * must hold every log a client was answered with, whole, and mark every stream whose end it had
 * not committed incomplete (with its request, and none of the text it had streamed); no row is
 * left half-written or still streaming.
 */
class SigkillDurabilityTest extends EveryStoreSuite {
    private static final String NODE_ID = "node-killed-and-restarted";
    private static final int WHOLE_CLIENTS = 16;
    private static final int STREAM_CLIENTS = 8;
    private static final String STREAM_WORDS = "alpha beta gamma delta epsilon zeta eta theta iota kappa";

    /** A whole answer a client received. */
    private record Answered(String logId, String message, String configId) {
    }

    /** A stream a client saw begin, and all it saw of it. */
    private record Begun(String logId, String message, StringBuilder text, AtomicInteger events) {
    }

    private final Queue<Answered> answered = new ConcurrentLinkedQueue<>();
    private final Map<String, Begun> begun = new ConcurrentHashMap<>();
    private final Map<String, String> streamedToTheEnd = new ConcurrentHashMap<>();
    private final Queue<String> refusals = new ConcurrentLinkedQueue<>();
    private volatile boolean killed;

    @Test
    void everyAnsweredLogSurvivesAndCutStreamsAreMarkedIncomplete() throws Exception {
        try (TestDatabase database = TestDatabase.create(store)) {
            Map<String, String> env = Map.of("OPENLOOP_NODE_ID", NODE_ID);
            List<Thread> clients = new ArrayList<>();
            try (ServerProcess node = ServerProcess.start(database, env, "killed")) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                for (int i = 0; i < WHOLE_CLIENTS; i++) {
                    int client = i;
                    clients.add(Thread.ofVirtual().start(() -> chatWhole(http, node, client)));
                }
                for (int i = 0; i < STREAM_CLIENTS; i++) {
                    int client = i;
                    clients.add(Thread.ofVirtual().start(() -> chatStreamed(http, node, client)));
                }
                // Killed while at least three streams are barely begun: each still has most of its
                // deltas to send (40 ms apart), so a stall between this check and the kill does not
                // let them all finish first.
                await("enough answers, with streams in flight", () -> answered.size() >= 300
                        && streamedToTheEnd.size() >= 10 && barelyBegun() >= 3);

                node.kill();
                killed = true;
            }
            for (Thread client : clients) {
                client.join();
            }
            assertThat(refusals).as("no request was refused while the node ran").isEmpty();

            try (ServerProcess restarted = ServerProcess.start(database, env, "restarted")) {
                assertAnsweredLogsAreWhole(database);
                assertStreamsEndedAsTheyEnded(database);
                assertNoRowIsHalfWritten(database);
                if (store == TestStore.SQLITE) {
                    String integrity = database.jdbi().withHandle(h -> h.createQuery("PRAGMA integrity_check")
                            .mapTo(String.class).one());
                    assertThat(integrity).isEqualTo("ok");
                }
                HttpResponse<String> after = http(restarted, wholeBody("after the restart"));
                assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
            }
        }
    }

    /** Streams whose client has read no more than their first few events. */
    private long barelyBegun() {
        return begun.values().stream()
                .filter(stream -> !streamedToTheEnd.containsKey(stream.logId()) && stream.events().get() <= 3)
                .count();
    }

    private void assertAnsweredLogsAreWhole(TestDatabase database) {
        assertThat(answered).hasSizeGreaterThanOrEqualTo(300);
        for (Answered answer : answered) {
            JsonNode row = row(database, answer.logId());
            assertThat(row.get("status").asText()).as(answer.logId()).isEqualTo("complete");
            assertThat(row.get("output").asText()).isEqualTo("Mock response to: " + answer.message());
            assertThat(TestServer.json(row.get("messages").asText()).get(0).get("content").asText()).isEqualTo(answer.message());
            assertThat(row.get("config_id").asText()).isEqualTo(answer.configId());
            assertThat(row.get("finish_reason").asText()).isEqualTo("stop");
        }
    }

    private void assertStreamsEndedAsTheyEnded(TestDatabase database) {
        int markedIncomplete = 0;
        for (Begun stream : begun.values()) {
            JsonNode row = row(database, stream.logId());
            String expected = "Mock response to: " + stream.message();
            String status = row.get("status").asText();
            if (streamedToTheEnd.containsKey(stream.logId())) {
                assertThat(status).as(stream.logId()).isEqualTo("complete");
                assertThat(row.get("output").asText()).isEqualTo(expected).isEqualTo(streamedToTheEnd.get(stream.logId()));
            } else if (status.equals("complete")) {
                // The node committed the end of the stream, and was killed before the client read it.
                assertThat(row.get("output").asText()).as(stream.logId()).isEqualTo(expected);
            } else {
                // What is kept of a stream the kill cut: its row, with the request, marked
                // incomplete. Not its text: a stream's output is written only when it ends, so
                // the row still holds the empty output it was inserted with, whatever the client
                // had been sent.
                markedIncomplete++;
                assertThat(status).as("a cut stream " + stream.logId()).isEqualTo("incomplete");
                assertThat(row.get("error").asText()).isEqualTo("The server stopped before the stream completed");
                assertThat(row.get("output").asText()).as("what was streamed is not kept").isEmpty();
                assertThat(row.get("finish_reason").isNull()).isTrue();
                assertThat(TestServer.json(row.get("messages").asText()).get(0).get("content").asText())
                        .as("the request is kept").isEqualTo(stream.message());
            }
            assertThat(row.get("node_id").isNull()).isTrue();
        }
        assertThat(markedIncomplete).as("streams cut by the kill, marked incomplete").isPositive();
    }

    /** Every row, answered or not, is complete and whole, or an incomplete stream: nothing in between. */
    private static void assertNoRowIsHalfWritten(TestDatabase database) {
        List<Map<String, Object>> rows = database.jdbi().withHandle(h -> h.createQuery(
                "SELECT id, status, output, messages, finish_reason FROM logs").mapToMap().list());
        for (Map<String, Object> row : rows) {
            String status = (String) row.get("status");
            assertThat(status).as("row %s", row.get("id")).isIn("complete", "incomplete");
            if (status.equals("complete")) {
                String message = TestServer.json((String) row.get("messages")).get(0).get("content").asText();
                assertThat(row.get("output")).as("row %s", row.get("id")).isEqualTo("Mock response to: " + message);
                assertThat(row.get("finish_reason")).isEqualTo("stop");
            }
        }
    }

    private static JsonNode row(TestDatabase database, String id) {
        Map<String, Object> row = database.jdbi().withHandle(h -> h.createQuery("SELECT * FROM logs WHERE id = :id")
                .bind("id", id)
                .mapToMap()
                .findOne()
                .orElseThrow(() -> new AssertionError("no log row " + id + ", though a client was given it")));
        return TestServer.JSON.valueToTree(row);
    }

    private void chatWhole(HttpClient http, ServerProcess node, int client) {
        for (int n = 0; !killed; n++) {
            String message = "whole " + client + "-" + n;
            try {
                HttpResponse<String> response = http.send(request(node, wholeBody(message)), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    refusals.add(response.statusCode() + " " + response.body());
                    return;
                }
                JsonNode item = TestServer.json(response.body()).get("data").get(0);
                answered.add(new Answered(item.get("id").asText(), message, item.get("model_config_id").asText()));
            } catch (IOException e) {
                return; // the node is gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void chatStreamed(HttpClient http, ServerProcess node, int client) {
        for (int n = 0; !killed; n++) {
            String message = "stream " + client + "-" + n + " " + STREAM_WORDS;
            String body = """
                    {"project":"sigkill","stream":true,"messages":[{"role":"user","content":"%s"}],
                     "model_config":{"provider":"mock","model":"mock-1","other":{"mock_delta_delay_ms":40}}}""".formatted(message);
            try {
                HttpResponse<InputStream> response = http.send(request(node, body), HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() != 200) {
                    refusals.add(response.statusCode() + " " + new String(response.body().readAllBytes()));
                    return;
                }
                try (SseReader events = new SseReader(response.body())) {
                    SseEvent event;
                    Begun stream = null;
                    while ((event = events.next()) != null) {
                        JsonNode item = TestServer.json(event.data()).get("data").get(0);
                        if (stream == null) {
                            stream = new Begun(item.get("id").asText(), message, new StringBuilder(), new AtomicInteger());
                            begun.put(stream.logId(), stream);
                        }
                        stream.text().append(item.get("output").asText());
                        stream.events().incrementAndGet();
                        if (!item.get("finish_reason").isNull()) {
                            streamedToTheEnd.put(stream.logId(), stream.text().toString());
                        }
                    }
                }
            } catch (IOException e) {
                return; // the node is gone, maybe in the middle of a stream
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String wholeBody(String message) {
        return """
                {"project":"sigkill","messages":[{"role":"user","content":"%s"}],
                 "model_config":{"provider":"mock","model":"mock-1"}}""".formatted(message);
    }

    private static HttpRequest request(ServerProcess node, String body) {
        return HttpRequest.newBuilder(node.uri("/v4/chat"))
                .header("X-API-KEY", TestServer.API_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static HttpResponse<String> http(ServerProcess node, String body) throws Exception {
        return HttpClient.newHttpClient().send(request(node, body), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for what the clients saw to reach {@code done}; fails, saying what, if it never does. */
    private void await(String what, BooleanSupplier done) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline) || !refusals.isEmpty()) {
                throw new AssertionError("never reached: " + what + "; answered " + answered.size() + ", streams begun "
                        + begun.size() + ", streamed to the end " + streamedToTheEnd.size() + ", refused " + refusals);
            }
            Thread.sleep(10);
        }
    }
}
