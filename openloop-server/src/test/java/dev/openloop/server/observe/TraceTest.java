package dev.openloop.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openloop.server.testing.Golden;
import dev.openloop.server.testing.ProviderFake;
import dev.openloop.server.testing.ProviderFake.Answer;
import dev.openloop.server.testing.TestServer;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Traces as a collector receives them: the node exports over OTLP/HTTP to a receiver on loopback
 * that decodes the protobuf. A request's span continues the caller's {@code traceparent}, a
 * provider call's span is its child with the GenAI attributes, and the provider is sent that
 * span as its parent. Content only when asked for; nothing at all by default.
 */
class TraceTest {
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_SPAN = "b7ad6b7169203331";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01";
    private static final String SECRET_WORDS = "capital of somewhere secret";

    @Test
    void aRequestAndItsProviderCallAreSpansOfTheCallersTrace() throws Exception {
        try (ProviderFake fake = ProviderFake.start(); OtlpReceiver receiver = OtlpReceiver.start()) {
            try (TestServer node = TestServer.start(env(fake, receiver, Map.of()))) {
                fake.enqueue(Answer.json(200, Golden.read("openai/chat_completion.json")));
                assertThat(chat(node, false).statusCode()).isEqualTo(200);
                fake.enqueue(Answer.sse(Golden.read("openai/stream_text.sse")));
                assertThat(chat(node, true).statusCode()).isEqualTo(200);
            }
            List<Span> servers = receiver.spans().stream().filter(span -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER)
                    .filter(span -> hex(span.getTraceId()).equals(TRACE_ID)).toList();
            assertThat(servers).hasSize(2).allSatisfy(server -> {
                assertThat(server.getName()).isEqualTo("POST /v4/chat");
                assertThat(hex(server.getParentSpanId())).isEqualTo(CALLER_SPAN);
                assertThat(attributes(server)).containsEntry("http.route", "/v4/chat")
                        .containsEntry("http.request.method", "POST").containsEntry("http.response.status_code", "200");
            });
            List<Span> calls = receiver.spans().stream().filter(span -> span.getKind() == Span.SpanKind.SPAN_KIND_CLIENT).toList();
            assertThat(calls).hasSize(2);
            for (int i = 0; i < 2; i++) {
                Span call = calls.get(i);
                Span server = servers.stream().filter(s -> s.getSpanId().equals(call.getParentSpanId())).findFirst().orElseThrow();
                assertThat(server.getTraceId()).isEqualTo(call.getTraceId());
                Map<String, String> attributes = attributes(call);
                assertThat(call.getName()).isEqualTo("chat gpt-4o-mini");
                assertThat(attributes).containsEntry("gen_ai.operation.name", "chat")
                        .containsEntry("gen_ai.system", "openai").containsEntry("gen_ai.provider.name", "openai")
                        .containsEntry("gen_ai.request.model", "gpt-4o-mini")
                        .containsEntry("gen_ai.request.temperature", "0.5")
                        .containsEntry("gen_ai.response.finish_reasons", "[stop]")
                        .doesNotContainKeys("gen_ai.input.messages", "gen_ai.output.messages");
                // What the provider was sent: this call's span as the parent, in the caller's trace.
                String sent = fake.received().get(i).header("traceparent");
                assertThat(sent).isEqualTo("00-" + TRACE_ID + "-" + hex(call.getSpanId()) + "-01");
            }
            Map<String, String> whole = attributes(calls.stream().filter(c -> attributes(c).containsKey("gen_ai.usage.input_tokens"))
                    .filter(c -> attributes(c).get("gen_ai.usage.input_tokens").equals("24")).findFirst().orElseThrow());
            assertThat(whole).containsEntry("gen_ai.usage.output_tokens", "8");
            assertThat(receiver.contentTypes()).allMatch("application/x-protobuf"::equals);
            assertThat(receiver.spans().toString()).doesNotContain(SECRET_WORDS).doesNotContain("sk-env");
        }
    }

    @Test
    void messagesAreRecordedOnlyWhenAskedFor() throws Exception {
        try (ProviderFake fake = ProviderFake.start(); OtlpReceiver receiver = OtlpReceiver.start()) {
            try (TestServer node = TestServer.start(env(fake, receiver, Map.of("OPENLOOP_TRACE_CONTENT", "true")))) {
                fake.enqueue(Answer.json(200, Golden.read("openai/chat_completion.json")));
                assertThat(chat(node, false).statusCode()).isEqualTo(200);
            }
            Span call = receiver.await(span -> span.getKind() == Span.SpanKind.SPAN_KIND_CLIENT);
            assertThat(attributes(call).get("gen_ai.input.messages")).contains(SECRET_WORDS);
            assertThat(attributes(call).get("gen_ai.output.messages")).contains("The capital of France is Paris.");
        }
    }

    @Test
    void withoutOtelVariablesNothingIsTracedNorPassedOn() throws Exception {
        try (ProviderFake fake = ProviderFake.start();
                TestServer node = TestServer.start(Map.of("OPENAI_BASE_URL", fake.baseUrl() + "/v1", "OPENAI_API_KEY", "sk-env"))) {
            fake.enqueue(Answer.json(200, Golden.read("openai/chat_completion.json")));
            assertThat(chat(node, false).statusCode()).isEqualTo(200);
            assertThat(fake.received().getFirst().header("traceparent")).isNull();
        }
    }

    private static Map<String, String> env(ProviderFake fake, OtlpReceiver receiver, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of("OPENAI_BASE_URL", fake.baseUrl() + "/v1", "OPENAI_API_KEY", "sk-env",
                "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(), "OTEL_BSP_SCHEDULE_DELAY", "50",
                "OPENLOOP_PROVIDER_MAX_ATTEMPTS", "1"));
        env.putAll(more);
        return env;
    }

    private static HttpResponse<String> chat(TestServer node, boolean stream) {
        return node.send(HttpRequest.newBuilder(node.uri("/v4/chat"))
                .header("X-API-KEY", TestServer.API_KEY)
                .header("Content-Type", "application/json")
                .header("traceparent", TRACEPARENT)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"project":"traced","messages":[{"role":"user","content":"What is the %s?"}],
                         "model_config":{"provider":"openai","model":"gpt-4o-mini","temperature":0.5},"stream":%s}"""
                        .formatted(SECRET_WORDS, stream)))
                .build());
    }

    private static String hex(com.google.protobuf.ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    /** A span's attributes, each value as text (arrays as {@code [a, b]}). */
    private static Map<String, String> attributes(Span span) {
        Map<String, String> attributes = new HashMap<>();
        for (KeyValue attribute : span.getAttributesList()) {
            attributes.put(attribute.getKey(), text(attribute.getValue()));
        }
        return attributes;
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> String.valueOf(value.getIntValue());
            case DOUBLE_VALUE -> String.valueOf(value.getDoubleValue());
            case BOOL_VALUE -> String.valueOf(value.getBoolValue());
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(TraceTest::text).toList().toString();
            default -> value.toString();
        };
    }
}
