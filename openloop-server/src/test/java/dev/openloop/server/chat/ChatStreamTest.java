package dev.openloop.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.sse.SseEvent;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.SseEvents;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/** {@code "stream": true}: server-sent events as spec §6.4, and logs that keep up with the stream. */
class ChatStreamTest extends EveryStoreSuite {
    private static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        server = TestServer.start(store);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    @Test
    void eachDeltaIsOneDataLineInTheResponseEnvelope() {
        HttpResponse<String> response = server.post("/v4/chat", """
                {"project":"streams","stream":true,"messages":[{"role":"user","content":"Stream this please"}],
                 "model_config":{"provider":"mock","model":"m"}}""");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        for (String line : response.body().split("\n")) {
            assertThat(line.isEmpty() || line.startsWith("data: {")).as("line: %s", line).isTrue();
        }
        List<JsonNode> events = SseEvents.data(response.body());
        assertThat(events.size()).isGreaterThan(3);
        String logId = events.getFirst().get("data").get(0).get("id").asText();
        assertThat(logId).startsWith("data_");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            JsonNode item = event.get("data").get(0);
            assertThat(event.get("data")).hasSize(1);
            assertThat(item.get("id").asText()).isEqualTo(logId);
            assertThat(event.get("project_id").asText()).startsWith("pr_");
            boolean last = i == events.size() - 1;
            assertThat(item.get("finish_reason").isNull()).isEqualTo(!last);
            assertThat(event.get("usage").isNull()).isEqualTo(!last);
            text.append(item.get("output").asText());
        }
        assertThat(text.toString()).isEqualTo("Mock response to: Stream this please");
        JsonNode last = events.getLast();
        assertThat(last.get("data").get(0).get("finish_reason").asText()).isEqualTo("stop");
        assertThat(last.get("usage").get("generation_tokens").asInt()).isEqualTo(6);

        JsonNode row = server.logRow(logId);
        assertThat(row.get("status").asText()).isEqualTo("complete");
        assertThat(row.get("output").asText()).isEqualTo("Mock response to: Stream this please");
        assertThat(row.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(row.get("output_tokens").asInt()).isEqualTo(6);
        assertThat(row.get("node_id").isNull()).isTrue();
    }

    @Test
    void samplesInterleaveByIndexAndEachEndsWithItsOwnFinish() {
        HttpResponse<String> response = server.post("/v4/chat", """
                {"stream":true,"num_samples":3,"messages":[{"role":"user","content":"one two"}],
                 "model_config":{"provider":"mock","model":"m"}}""");
        List<JsonNode> events = SseEvents.data(response.body());
        List<Integer> order = events.stream().map(e -> e.get("data").get(0).get("index").asInt()).toList();
        assertThat(order.subList(0, 3)).containsExactly(0, 1, 2);
        Map<Integer, StringBuilder> texts = new HashMap<>();
        Map<Integer, Integer> finishes = new HashMap<>();
        Map<Integer, String> ids = new HashMap<>();
        for (JsonNode event : events) {
            JsonNode item = event.get("data").get(0);
            int index = item.get("index").asInt();
            texts.computeIfAbsent(index, i -> new StringBuilder()).append(item.get("output").asText());
            assertThat(ids.computeIfAbsent(index, i -> item.get("id").asText())).isEqualTo(item.get("id").asText());
            if (!item.get("finish_reason").isNull()) {
                finishes.merge(index, 1, Integer::sum);
                assertThat(event.get("usage").isNull()).isFalse();
            }
        }
        assertThat(finishes).containsOnlyKeys(0, 1, 2).allSatisfy((index, count) -> assertThat(count).isEqualTo(1));
        assertThat(texts.values()).allSatisfy(text -> assertThat(text.toString()).isEqualTo("Mock response to: one two"));
        assertThat(ids.values()).doesNotHaveDuplicates();
        ids.values().forEach(id -> assertThat(server.logRow(id).get("status").asText()).isEqualTo("complete"));
    }

    @Test
    void theLogExistsFromTheFirstEventOn() throws Exception {
        try (Socket socket = openStream("""
                {"stream":true,"messages":[{"role":"user","content":"slow one"}],
                 "model_config":{"provider":"mock","model":"m","other":{"mock_delta_delay_ms":300}}}""")) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String logId = firstLogId(reader);
            JsonNode row = server.logRow(logId);
            assertThat(row.get("status").asText()).isEqualTo("streaming");
            assertThat(TestServer.json(row.get("messages").asText()).get(0).get("content").asText()).isEqualTo("slow one");
            String line;
            while ((line = reader.readLine()) != null && !line.equals("0")) {
                // read to the last chunk of the chunked body ("0"), which comes after the last event
            }
            assertThat(server.logRow(logId).get("status").asText()).isEqualTo("complete");
        }
    }

    @Test
    void aClientThatLeavesMidStreamLeavesAnIncompleteLogWithWhatWasGenerated() throws Exception {
        String logId;
        try (Socket socket = openStream("""
                {"stream":true,"messages":[{"role":"user","content":"a b c d e f g h i j k l m n o p"}],
                 "model_config":{"provider":"mock","model":"m","other":{"mock_delta_delay_ms":100}}}""")) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            logId = firstLogId(reader);
        }
        JsonNode row = eventually(() -> server.logRow(logId), r -> r.get("status").asText().equals("incomplete"));
        assertThat(row.get("error").asText()).contains("client disconnected");
        assertThat(row.get("output").asText()).startsWith("Mock");
        assertThat(row.get("output").asText()).isNotEqualTo("Mock response to: a b c d e f g h i j k l m n o p");
        assertThat(row.get("finish_reason").isNull()).isTrue();
    }

    @Test
    void aProviderFailingMidStreamEndsTheStreamWithAnErrorEvent() {
        HttpResponse<String> response = server.post("/v4/chat", """
                {"stream":true,"messages":[{"role":"user","content":"one two three four"}],
                 "model_config":{"provider":"mock","model":"m","other":{"mock_fail_after_deltas":2}}}""");
        assertThat(response.statusCode()).isEqualTo(200);
        List<SseEvent> events = SseEvents.parse(response.body());
        SseEvent last = events.getLast();
        assertThat(last.event()).isEqualTo("error");
        JsonNode detail = TestServer.json(last.data()).get("detail");
        assertThat(detail.get("code").asInt()).isEqualTo(502);
        assertThat(detail.get("origin").asText()).isEqualTo("Mock");
        String logId = TestServer.json(events.getFirst().data()).get("data").get(0).get("id").asText();
        JsonNode row = server.logRow(logId);
        assertThat(row.get("status").asText()).isEqualTo("incomplete");
        assertThat(row.get("error").asText()).contains("Mock");
        assertThat(row.get("output").asText()).isEqualTo("Mock response");
    }

    @Test
    void aFailureBeforeTheFirstByteIsAPlainJsonError() {
        HttpResponse<String> response = server.post("/v4/chat", """
                {"stream":true,"messages":[{"role":"user","content":"x"}],
                 "model_config":{"provider":"mock","model":"m","other":{"mock_error_status":503}}}""");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/json"));
        assertThat(TestServer.json(response.body()).get("detail").get("type").asText()).isEqualTo("service_unavailable_error");
    }

    @Test
    void aStreamedToolCallArrivesWholeOnTheSamplesLastEvent() {
        HttpResponse<String> response = server.post("/v4/chat", """
                {"stream":true,"tool_choice":"required","messages":[{"role":"user","content":"x"}],
                 "model_config":{"provider":"mock","model":"m","tools":[{"name":"lookup","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}]}}""");
        List<JsonNode> events = SseEvents.data(response.body());
        JsonNode item = events.getLast().get("data").get(0);
        assertThat(item.get("finish_reason").asText()).isEqualTo("tool_call");
        assertThat(item.get("tool_calls").get(0).get("function").get("name").asText()).isEqualTo("lookup");
        assertThat(item.get("output_message").get("tool_calls").get(0).get("function").get("arguments").asText())
                .isEqualTo("{\"q\":\"mock\"}");
    }

    @Test
    void aQuietStreamGetsKeepAliveCommentsThatClientsIgnore() {
        try (TestServer quick = TestServer.start(Map.of("OPENLOOP_STREAM_KEEPALIVE_MS", "40"))) {
            HttpResponse<String> response = quick.post("/v4/chat", """
                    {"stream":true,"messages":[{"role":"user","content":"one two"}],
                     "model_config":{"provider":"mock","model":"m","other":{"mock_delta_delay_ms":400}}}""");
            assertThat(response.body()).contains("\n: keep-alive\n");
            List<JsonNode> events = SseEvents.data(response.body());
            assertThat(events.getLast().get("data").get(0).get("finish_reason").asText()).isEqualTo("stop");
            StringBuilder text = new StringBuilder();
            events.forEach(event -> text.append(event.get("data").get(0).get("output").asText()));
            assertThat(text.toString()).isEqualTo("Mock response to: one two");
        }
    }

    @Test
    void echoedTextHoldingTheDataPrefixDoesNotCutEventsForTheSdkThatSplitsOnIt() {
        List<String> bodies = List.of("""
                {"stream":true,"user":"data: me","metadata":{"note":"data: bar"},"inputs":{"x":"data: foo"},
                 "messages":[{"role":"user","content":"data: question"}],"model_config":{"provider":"mock","model":"m"}}""", """
                {"stream":true,"tool_choice":"required","messages":[{"role":"user","content":"x"}],
                 "model_config":{"provider":"mock","model":"m","tools":[{"name":"lookup",
                   "parameters":{"type":"object","properties":{"q":{"type":"string","default":"data: baz"}}}}]}}""");
        for (String body : bodies) {
            String stream = server.post("/v4/chat", body).body();
            List<JsonNode> events = SseEvents.data(stream);
            assertThat(events).isNotEmpty();
            assertThat(asThePythonSdkReadsIt(stream)).isEqualTo(events.stream().map(ChatStreamTest::outputAndId).toList());
            for (String line : stream.split("\n")) {
                assertThat(line.indexOf("data: ", 1)).as("line: %s", line).isEqualTo(-1);
            }
        }
        JsonNode first = SseEvents.data(server.post("/v4/chat", bodies.getFirst()).body()).getFirst();
        assertThat(first.get("user").asText()).isEqualTo("data: me");
        assertThat(first.get("metadata").get("note").asText()).isEqualTo("data: bar");
        assertThat(first.get("data").get(0).get("inputs").get("x").asText()).isEqualTo("data: foo");
        JsonNode toolCall = SseEvents.data(server.post("/v4/chat", bodies.getLast()).body()).getLast();
        assertThat(toolCall.get("data").get(0).get("tool_calls").get(0).get("function").get("arguments").asText())
                .isEqualTo("{\"q\":\"data: baz\"}");
    }

    /**
     * The {@code output} and {@code id} of each event, read the way the Python SDK 0.5.x reads a
     * stream: per line holding {@code "data: "}, the text between its first and any second
     * occurrence, parsed as JSON; a line that does not parse, or has no {@code data[0]}, is
     * dropped without a word.
     */
    static List<List<String>> asThePythonSdkReadsIt(String stream) {
        List<List<String>> read = new ArrayList<>();
        for (String line : stream.split("\n")) {
            if (!line.contains("data: ")) {
                continue;
            }
            try {
                JsonNode event = TestServer.JSON.readTree(line.split("data: ", -1)[1].strip());
                JsonNode item = event.get("data").get(0);
                read.add(List.of(item.get("output").asText(), item.get("id").asText()));
            } catch (Exception e) {
                // the SDK moves on silently
            }
        }
        return read;
    }

    static List<String> outputAndId(JsonNode event) {
        JsonNode item = event.get("data").get(0);
        return List.of(item.get("output").asText(), item.get("id").asText());
    }

    private static Socket openStream(String body) throws Exception {
        Socket socket = new Socket("127.0.0.1", server.port());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v4/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-KEY: " + TestServer.API_KEY
                + "\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(bytes);
        out.flush();
        return socket;
    }

    private static String firstLogId(BufferedReader reader) throws Exception {
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith("data: ")) {
                return TestServer.json(line.substring(6)).get("data").get(0).get("id").asText();
            }
        }
        throw new AssertionError("the stream ended before its first event");
    }

    /** Polls until {@code done} holds; the server finishes its side of a cut stream on its own time. */
    static <T> T eventually(Supplier<T> read, java.util.function.Predicate<T> done) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        List<T> seen = new ArrayList<>();
        while (Instant.now().isBefore(deadline)) {
            T value = read.get();
            if (done.test(value)) {
                return value;
            }
            seen.add(value);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("condition never held; last seen: " + (seen.isEmpty() ? "nothing" : seen.getLast()));
    }
}
