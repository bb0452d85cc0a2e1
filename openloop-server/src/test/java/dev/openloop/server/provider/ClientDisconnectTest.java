package dev.openloop.server.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.Golden;
import dev.openloop.server.testing.ProviderFake;
import dev.openloop.server.testing.ProviderFake.Answer;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client that hangs up in the middle of a stream makes OpenLoop hang up on the provider: the
 * provider's long answer is cut off rather than read to its end, the log is marked incomplete,
 * and the connection to the provider is not reused for another call.
 */
class ClientDisconnectTest extends EveryStoreSuite {
    /** Long enough that reading it to the end would take many seconds (10 ms between events). */
    private static final int EVENTS = 1_000;
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private static ProviderFake fake;
    private static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        fake = ProviderFake.start();
        server = TestServer.start(store, Map.of("OPENAI_BASE_URL", fake.baseUrl() + "/v1", "OPENAI_API_KEY", "sk-test-disconnect-0000"));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
        fake.close();
    }

    /** A stream of {@link #EVENTS} events: the role, then the same text delta again and again, then the end marker. */
    private static Answer longStream() {
        List<String> golden = Answer.sse(Golden.read("openai/stream_text.sse")).chunks();
        List<String> events = new ArrayList<>();
        events.add(golden.get(0));
        while (events.size() < EVENTS - 1) {
            events.add(golden.get(1));
        }
        events.add(golden.getLast());
        return new Answer(200, Map.of("Content-Type", "text/event-stream"), events, 10, -1);
    }

    @ParameterizedTest(name = "body framed by {0}")
    @ValueSource(strings = {"chunks", "closing the connection"})
    void aClientLeavingMidStreamAbortsTheProviderCall(String framing) throws Exception {
        fake.reset();
        Answer stream = framing.equals("chunks") ? longStream() : longStream().framedByClose();
        fake.enqueue(stream);
        String project = "disconnect-" + framing.replace(' ', '-');

        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            sendStreamingChat(client, project);
            readUntilTheFirstEvent(client);
            client.setSoLinger(true, 0);
        }

        ProviderFake.Delivery delivery = fake.awaitDeliveries(1, LIMIT).getFirst();
        assertThat(delivery.clientLeft()).as("the provider saw OpenLoop hang up").isTrue();
        assertThat(delivery.chunksSent()).as("events sent before OpenLoop hung up").isLessThan(EVENTS);
        assertThat(awaitFinalStatus(project)).isEqualTo("incomplete");
        assertThat(errorOf(project)).contains("client disconnected");

        fake.enqueue(Answer.json(200, Golden.read("openai/chat_completion.json")));
        var next = server.postJson("/v4/chat", Map.of("messages", List.of(Map.of("role", "user", "content", "again")),
                "model_config", Map.of("provider", "openai", "model", "gpt-4o")));
        assertThat(next.statusCode()).as("the next call is not read from the aborted connection: %s", next.body()).isEqualTo(200);
        assertThat(TestServer.json(next.body()).get("data").get(0).get("output").asText())
                .isEqualTo("The capital of France is Paris.");
    }

    private static void sendStreamingChat(Socket client, String project) throws IOException {
        byte[] body = ("{\"project\":\"" + project + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Go on\"}],"
                + "\"model_config\":{\"provider\":\"openai\",\"model\":\"gpt-4o\"}}").getBytes(StandardCharsets.UTF_8);
        OutputStream out = client.getOutputStream();
        out.write(("POST /v4/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-KEY: " + TestServer.API_KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static void readUntilTheFirstEvent(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        String status = in.readLine();
        assertThat(status).startsWith("HTTP/1.1 200");
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("data: ") && line.contains("\"output\":\"The\"")) {
                return;
            }
        }
        throw new AssertionError("the stream ended before its first delta");
    }

    /** The log's status once it is no longer streaming; fails if that does not happen within {@link #LIMIT}. */
    private static String awaitFinalStatus(String project) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> statuses = server.database().withHandle(h -> h.createQuery(
                    "SELECT l.status FROM logs l JOIN projects p ON p.id = l.project_id WHERE p.name = :name")
                    .bind("name", project).mapTo(String.class).list());
            if (statuses.size() == 1 && !statuses.getFirst().equals("streaming")) {
                return statuses.getFirst();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the log of " + project + " was still streaming after " + LIMIT);
    }

    private static String errorOf(String project) {
        return server.database().withHandle(h -> h.createQuery(
                "SELECT l.error FROM logs l JOIN projects p ON p.id = l.project_id WHERE p.name = :name")
                .bind("name", project).mapTo(String.class).one());
    }
}
