package dev.openloop.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.ServerProcess;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The server as a process ({@link Main}): on SIGTERM it stops taking requests at once, finishes
 * those in flight, writes their logs, and exits.
 */
class ShutdownTest extends EveryStoreSuite {

    @Test
    void sigtermRefusesNewRequestsLetsTheStreamInFlightFinishAndItsLogIsWritten() throws Exception {
        try (TestDatabase database = TestDatabase.create(store);
                ServerProcess node = ServerProcess.start(database, Map.of(), "server")) {
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest streaming = HttpRequest.newBuilder(node.uri("/v4/chat"))
                    .header("X-API-KEY", TestServer.API_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"stream":true,"messages":[{"role":"user","content":"one two three four five six seven eight nine ten eleven twelve"}],
                             "model_config":{"provider":"mock","model":"m","other":{"mock_delta_delay_ms":150}}}"""))
                    .build();
            HttpResponse<InputStream> response = client.send(streaming, HttpResponse.BodyHandlers.ofInputStream());
            BufferedReader events = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
            List<JsonNode> received = new ArrayList<>();
            received.add(nextEvent(events));

            node.terminate(); // SIGTERM, while the stream is in flight

            IOException refused = awaitRefused(node);
            assertThat(refused).as("a new connection after SIGTERM is refused").isInstanceOf(ConnectException.class);
            assertThat(node.process().isAlive()).as("while the node still finishes the stream").isTrue();

            JsonNode event;
            while ((event = nextEvent(events)) != null) {
                received.add(event);
            }
            JsonNode last = received.getLast().get("data").get(0);
            assertThat(last.get("finish_reason").asText()).as("the stream ran to its end").isEqualTo("stop");
            assertThat(node.process().waitFor(30, TimeUnit.SECONDS)).as("the process exits").isTrue();
            assertThat(node.process().exitValue()).isIn(0, 143);

            String logId = last.get("id").asText();
            String status = database.jdbi().withHandle(h -> h
                    .createQuery("SELECT status FROM logs WHERE id = :id").bind("id", logId).mapTo(String.class).one());
            assertThat(status).isEqualTo("complete");
            assertThat(node.output()).contains("openloop: stopped");
        }
    }

    /** Sends new requests, each on a connection of its own, until the stopping node refuses one. */
    private static IOException awaitRefused(ServerProcess node) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            HttpClient fresh = HttpClient.newHttpClient();
            try {
                fresh.send(HttpRequest.newBuilder(node.uri("/healthz")).build(), HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                return e;
            } finally {
                fresh.close();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the node still took new requests 10 s after SIGTERM:\n" + node.output());
    }

    private static JsonNode nextEvent(BufferedReader reader) throws Exception {
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith("data: ")) {
                return TestServer.json(line.substring(6));
            }
        }
        return null;
    }
}
