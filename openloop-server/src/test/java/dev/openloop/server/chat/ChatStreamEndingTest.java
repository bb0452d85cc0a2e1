package dev.openloop.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.sse.SseEvent;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.Golden;
import dev.openloop.server.testing.ProviderFake;
import dev.openloop.server.testing.ProviderFake.Answer;
import dev.openloop.server.testing.SseEvents;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * How streams end when providers leave things out or fail, against provider fakes: each sample's
 * last event carries {@code finish_reason} and {@code usage} even when the provider sent neither
 * (and a whole answer gets the same finish reasons), and the first of several calls to fail ends
 * the whole stream with one final error event.
 */
class ChatStreamEndingTest extends EveryStoreSuite {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private static ProviderFake fake;
    private static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        fake = ProviderFake.start();
        server = TestServer.start(store, Map.of(
                "OPENAI_BASE_URL", fake.baseUrl() + "/v1", "OPENAI_API_KEY", "sk-test-stream-ending-0000",
                "ANTHROPIC_BASE_URL", fake.baseUrl(), "ANTHROPIC_API_KEY", "sk-ant-test-stream-ending-0000"));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
        fake.close();
    }

    @BeforeEach
    void freshFake() {
        fake.reset();
    }

    /** An OpenAI stream chunk of choice 0 with {@code delta}, and no finish reason. */
    private static String openAiChunk(String delta) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":null}]}\n\n";
    }

    @Test
    void aStreamWithoutUsageOrFinishReasonStillEndsWithBoth() {
        fake.enqueue(Answer.sse(openAiChunk("{\"role\":\"assistant\",\"content\":\"\"}") + openAiChunk("{\"content\":\"data: foo\"}")
                + openAiChunk("{\"content\":\" bar\"}") + "data: [DONE]\n\n"));
        HttpResponse<String> response = server.post("/v4/chat", """
                {"stream":true,"messages":[{"role":"user","content":"Say it"}],"model_config":{"provider":"openai","model":"gpt-4o"}}""");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> events = SseEvents.data(response.body());
        assertThat(ChatStreamTest.asThePythonSdkReadsIt(response.body()))
                .isEqualTo(events.stream().map(ChatStreamTest::outputAndId).toList());
        StringBuilder text = new StringBuilder();
        events.forEach(event -> text.append(event.get("data").get(0).get("output").asText()));
        assertThat(text.toString()).isEqualTo("data: foo bar");

        JsonNode last = events.getLast();
        assertThat(last.get("data").get(0).get("finish_reason").asText()).isEqualTo("stop");
        // "Say it" is 6 characters, "data: foo bar" 13: a token for every 4, rounded up.
        assertThat(last.get("usage").get("prompt_tokens").asInt()).isEqualTo(2);
        assertThat(last.get("usage").get("generation_tokens").asInt()).isEqualTo(4);
        assertThat(last.get("usage").get("total_tokens").asInt()).isEqualTo(6);

        JsonNode row = server.logRow(last.get("data").get(0).get("id").asText());
        assertThat(row.get("status").asText()).isEqualTo("complete");
        assertThat(row.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(row.get("prompt_tokens").asInt()).isEqualTo(2);
        assertThat(row.get("output_tokens").asInt()).isEqualTo(4);
        assertThat(TestServer.json(row.get("provider_response").asText()).get("usage_estimated").asBoolean()).isTrue();
    }

    @Test
    void aToolCallThatEndsWithoutAFinishReasonFinishesAsAToolCall() {
        fake.enqueue(Answer.sse(openAiChunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"arguments\":\"{\\\"q\\\":1}\"}}]}") + "data: [DONE]\n\n"));
        HttpResponse<String> response = server.post("/v4/chat", """
                {"stream":true,"messages":[{"role":"user","content":"x"}],"model_config":{"provider":"openai","model":"gpt-4o",
                 "tools":[{"name":"lookup","parameters":{"type":"object","properties":{"q":{"type":"integer"}}}}]}}""");
        JsonNode last = SseEvents.data(response.body()).getLast();
        assertThat(last.get("data").get(0).get("finish_reason").asText()).isEqualTo("tool_call");
        assertThat(last.get("data").get(0).get("tool_calls").get(0).get("function").get("name").asText()).isEqualTo("lookup");
        assertThat(last.get("usage").get("generation_tokens").asInt()).isPositive();
    }

    @Test
    void aWholeAnswerWithoutFinishReasonsFinishesAsItsStreamWould() {
        fake.enqueue(Answer.json(200, """
                {"id":"chatcmpl-2","object":"chat.completion","created":1,"model":"gpt-4o","choices":[
                  {"index":0,"message":{"role":"assistant","content":"data: foo bar"}},
                  {"index":1,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                    "function":{"name":"lookup","arguments":"{\\"q\\":1}"}}]},"finish_reason":null}],
                 "usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12}}"""));
        HttpResponse<String> response = server.post("/v4/chat", """
                {"num_samples":2,"messages":[{"role":"user","content":"x"}],"model_config":{"provider":"openai","model":"gpt-4o",
                 "tools":[{"name":"lookup","parameters":{"type":"object","properties":{"q":{"type":"integer"}}}}]}}""");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode data = TestServer.json(response.body()).get("data");
        assertThat(data.get(0).get("finish_reason").asText()).isEqualTo("stop");
        assertThat(data.get(1).get("finish_reason").asText()).isEqualTo("tool_call");
        JsonNode text = server.logRow(data.get(0).get("id").asText());
        JsonNode toolCall = server.logRow(data.get(1).get("id").asText());
        assertThat(text.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(toolCall.get("finish_reason").asText()).isEqualTo("tool_call");
        // The 7 generated tokens are shared by length: 13 characters of text against a tool call
        // whose name and arguments are 6 + 7 characters (3.5 each, rounded down for the first).
        assertThat(text.get("output_tokens").asInt()).isEqualTo(3);
        assertThat(toolCall.get("output_tokens").asInt()).isEqualTo(4);
        assertThat(text.get("prompt_tokens").asInt()).as("each sample had the whole prompt").isEqualTo(5);
        assertThat(toolCall.get("prompt_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void theFirstFailingCallEndsTheWholeStreamAndAbortsTheOthers() {
        // Two calls (Anthropic makes one per sample), in whichever order they arrive: one breaks
        // after its first delta, the other would stream for many seconds.
        List<String> golden = Answer.sse(Golden.read("anthropic/stream_text.sse")).chunks();
        List<String> longStream = new ArrayList<>(golden.subList(0, 3));
        while (longStream.size() < 300) {
            longStream.add(golden.get(3));
        }
        longStream.addAll(golden.subList(golden.size() - 3, golden.size()));
        fake.enqueue(Answer.sse(Golden.read("anthropic/stream_text.sse")).delayed(150).resetAfter(4));
        fake.enqueue(new Answer(200, Map.of("Content-Type", "text/event-stream"), longStream, 20, -1));
        fake.otherwise(new Answer(200, Map.of("Content-Type", "text/event-stream"), longStream, 20, -1));

        HttpResponse<String> response = server.post("/v4/chat", """
                {"project":"first-failure","stream":true,"num_samples":2,"messages":[{"role":"user","content":"Capital?"}],
                 "model_config":{"provider":"anthropic","model":"claude-sonnet-4-5","max_tokens":100}}""");
        assertThat(response.statusCode()).isEqualTo(200);
        List<SseEvent> events = SseEvents.parse(response.body());
        assertThat(events.getLast().event()).isEqualTo("error");
        assertThat(events.stream().filter(e -> e.event().equals("error"))).hasSize(1);
        JsonNode detail = TestServer.json(events.getLast().data()).get("detail");
        assertThat(detail.get("origin").asText()).isEqualTo("Anthropic");
        assertThat(detail.get("code").asInt()).isEqualTo(502);
        assertThat(events.stream().filter(e -> e.event().equals("message"))
                .map(e -> TestServer.json(e.data()).get("data").get(0).get("finish_reason"))).allMatch(JsonNode::isNull);

        List<ProviderFake.Delivery> deliveries = fake.awaitDeliveries(2, LIMIT);
        assertThat(deliveries).anySatisfy(delivery -> {
            assertThat(delivery.clientLeft()).as("OpenLoop hung up on the long stream").isTrue();
            assertThat(delivery.chunksSent()).isLessThan(longStream.size());
        });

        List<JsonNode> rows = server.database().withHandle(h -> h.createQuery(
                        "SELECT l.id FROM logs l JOIN projects p ON p.id = l.project_id WHERE p.name = 'first-failure'")
                .mapTo(String.class).list()).stream().map(server::logRow).toList();
        assertThat(rows).hasSize(2).allSatisfy(row -> {
            assertThat(row.get("status").asText()).isEqualTo("incomplete");
            assertThat(row.get("finish_reason").isNull()).isTrue();
        });
        assertThat(rows).anySatisfy(row -> assertThat(row.get("error").asText()).startsWith("Anthropic bad_gateway_error (502)"));
        assertThat(rows).anySatisfy(row -> {
            assertThat(row.get("error").asText()).startsWith("Stopped when another provider call of the request failed: Anthropic");
            assertThat(row.get("output").asText()).startsWith("Paris");
        });
    }
}
