package dev.openloop.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * The server as a process ({@link Main}): on SIGTERM it stops taking requests, finishes those in
 * flight, writes their logs, and exits.
 */
class ShutdownTest {

    @Test
    void sigtermLetsTheStreamInFlightFinishAndItsLogIsWritten() throws Exception {
        Path dataDir = Files.createTempDirectory("openloop-shutdown");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName());
        builder.environment().put("OPENLOOP_PORT", String.valueOf(port));
        builder.environment().put("OPENLOOP_DATA_DIR", dataDir.toString());
        builder.environment().put("OPENLOOP_API_KEY", TestServer.API_KEY);
        builder.redirectErrorStream(true);
        builder.redirectOutput(dataDir.resolve("server.log").toFile());
        Process process = builder.start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            awaitHealthy(client, port);

            HttpRequest streaming = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v4/chat"))
                    .header("X-API-KEY", TestServer.API_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"stream":true,"messages":[{"role":"user","content":"one two three four five six"}],
                             "model_config":{"provider":"mock","model":"m","other":{"mock_delta_delay_ms":150}}}"""))
                    .build();
            HttpResponse<InputStream> response = client.send(streaming, HttpResponse.BodyHandlers.ofInputStream());
            BufferedReader events = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
            List<JsonNode> received = new ArrayList<>();
            received.add(nextEvent(events));

            process.destroy(); // SIGTERM, while the stream is in flight

            JsonNode event;
            while ((event = nextEvent(events)) != null) {
                received.add(event);
            }
            JsonNode last = received.getLast().get("data").get(0);
            assertThat(last.get("finish_reason").asText()).as("the stream ran to its end").isEqualTo("stop");
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the process exits").isTrue();
            assertThat(process.exitValue()).isIn(0, 143);

            String logId = last.get("id").asText();
            String status = Jdbi.create("jdbc:sqlite:" + dataDir.resolve("openloop.db")).withHandle(h -> h
                    .createQuery("SELECT status FROM logs WHERE id = :id").bind("id", logId).mapTo(String.class).one());
            assertThat(status).isEqualTo("complete");
            assertThat(Files.readString(dataDir.resolve("server.log"))).contains("openloop: stopped");
        } finally {
            process.destroyForcibly();
        }
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

    private static void awaitHealthy(HttpClient client, int port) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server did not become healthy");
    }
}
