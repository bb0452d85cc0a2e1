package dev.openloop.server.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openloop.server.testing.Golden;
import dev.openloop.server.testing.ProviderFake;
import dev.openloop.server.testing.ProviderFake.Answer;
import dev.openloop.server.testing.ServerProcess;
import dev.openloop.server.testing.TestDatabase;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The node's log as an operator reads it: a request id on every line of a request, taken from the
 * caller or made, echoed in the answer; one access log line per request with what it was about;
 * the JSON format; levels per logger from the environment. Read from a node's own process output.
 */
class AccessLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROVIDER_KEY = "sk-provider-secret-4d1c";
    private static final Pattern TEXT_LINE = Pattern.compile(
            "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (TRACE|DEBUG|INFO |WARN |ERROR) \\S+ \\[([^\\]]+)\\]: .*");
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void aChatHasOneAccessLineWithItsRequestIdProjectLogsProviderAndModel() throws Exception {
        try (TestDatabase database = TestDatabase.create(TestStore.SQLITE);
                ServerProcess node = ServerProcess.start(database, Map.of(), "node")) {
            HttpResponse<String> chat = chat(node, "caller-id.42", "/v4/chat");
            assertThat(chat.statusCode()).isEqualTo(200);
            assertThat(chat.headers().firstValue("X-Request-Id")).hasValue("caller-id.42");
            String logId = JSON.readTree(chat.body()).get("data").get(0).get("id").asText();
            String projectId = JSON.readTree(chat.body()).get("project_id").asText();

            String access = NodeLog.await(node, line -> line.contains(AccessLog.LOGGER) && line.contains("caller-id.42"));
            assertThat(access).matches(TEXT_LINE)
                    .contains("[caller-id.42]: method=POST route=/v4/chat status=200 duration_ms=")
                    .contains("project_id=" + projectId)
                    .contains("log_ids=" + logId)
                    .contains("provider=mock model=m");
            assertThat(NodeLog.lines(node)).filteredOn(line -> line.contains("caller-id.42")).hasSize(1);
            assertThat(node.output()).doesNotContain(PROVIDER_KEY).doesNotContain(TestServer.API_KEY)
                    .doesNotContain("hello there");
        }
    }

    @Test
    void anUnusableRequestIdIsReplacedAndEveryAnswerCarriesOne() throws Exception {
        try (TestDatabase database = TestDatabase.create(TestStore.SQLITE);
                ServerProcess node = ServerProcess.start(database, Map.of(), "node")) {
            String tooLong = "a".repeat(RequestIds.MAX_LENGTH + 1);
            List<String> ids = new ArrayList<>();
            for (String sent : List.of(tooLong, "has space", "quote\"d", "")) {
                HttpResponse<String> answer = chat(node, sent, "/v4/chat");
                String id = answer.headers().firstValue("X-Request-Id").orElseThrow();
                assertThat(id).isNotEqualTo(sent).matches("[0-9a-f-]{36}");
                ids.add(id);
            }
            assertThat(ids).doesNotHaveDuplicates();
            // A refused request and a route that does not exist are logged too, by template, not by path.
            HttpResponse<String> missing = get(node, "/v4/projects/pr_none-such", "missing-1");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.headers().firstValue("X-Request-Id")).hasValue("missing-1");
            assertThat(NodeLog.await(node, line -> line.contains("[missing-1]")))
                    .contains("method=GET route=/v4/projects/{id} status=404");
            HttpResponse<String> unknown = get(node, "/v4/nothing/here", "unknown-1");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.headers().firstValue("X-Request-Id")).hasValue("unknown-1");
            assertThat(NodeLog.await(node, line -> line.contains("[unknown-1]")))
                    .contains("route=unmatched status=404").doesNotContain("/v4/nothing");
            HttpResponse<String> unauthorized = CLIENT.send(HttpRequest.newBuilder(node.uri("/v4/projects"))
                    .header("X-Request-Id", "nokey-1").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unauthorized.statusCode()).isEqualTo(401);
            assertThat(unauthorized.headers().firstValue("X-Request-Id")).hasValue("nokey-1");
            assertThat(NodeLog.await(node, line -> line.contains("[nokey-1]"))).contains("status=401");
        }
    }

    @Test
    void aProvidersRateLimitIsOneQuietLineWithoutStackTrace() throws Exception {
        try (ProviderFake fake = ProviderFake.start();
                TestDatabase database = TestDatabase.create(TestStore.SQLITE);
                ServerProcess node = ServerProcess.start(database, Map.of("OPENAI_BASE_URL", fake.baseUrl() + "/v1",
                        "OPENAI_API_KEY", PROVIDER_KEY, "OPENLOOP_PROVIDER_MAX_ATTEMPTS", "1",
                        "OPENLOOP_LOG_LEVELS", "dev.openloop.server.provider.ProviderMetrics=debug"), "node")) {
            fake.otherwise(Answer.json(429, Golden.read("openai/error_429.json")));
            for (int i = 0; i < 5; i++) {
                String id = "limited-" + i;
                HttpResponse<String> limited = CLIENT.send(HttpRequest.newBuilder(node.uri("/v4/chat"))
                        .header("X-API-KEY", TestServer.API_KEY).header("X-Request-Id", id)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"project\":\"limited\",\"messages\":[{\"role\":\"user\","
                                + "\"content\":\"hello there\"}],\"model_config\":{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\"}}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(limited.statusCode()).isEqualTo(429);
                assertThat(NodeLog.await(node, line -> line.contains("[" + id + "]") && line.contains(AccessLog.LOGGER)))
                        .contains("status=429").contains("provider=openai");
            }
            // One quiet line per call, with the request's id, and nothing louder.
            assertThat(NodeLog.lines(node)).filteredOn(line -> line.contains("provider call failed (rate_limited)")).hasSize(5)
                    .allMatch(line -> line.contains(" DEBUG ") && line.contains("[limited-"));
            assertThat(node.output()).doesNotContain("\tat ").doesNotContain("WARN").doesNotContain("ERROR")
                    .doesNotContain(PROVIDER_KEY);
        }
    }

    @Test
    void jsonFormatIsOneObjectPerLineWithTheRequestsFacts() throws Exception {
        try (TestDatabase database = TestDatabase.create(TestStore.SQLITE);
                ServerProcess node = ServerProcess.start(database, Map.of("OPENLOOP_LOG_FORMAT", "json"), "node")) {
            chat(node, "json-1", "/v4/chat");
            NodeLog.await(node, line -> line.contains("json-1"));
            List<JsonNode> events = new ArrayList<>();
            for (String line : NodeLog.lines(node)) {
                events.add(JSON.readTree(line));
            }
            assertThat(events).isNotEmpty().allSatisfy(event -> {
                assertThat(event.get("@timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");
                assertThat(event.has("level")).isTrue();
                assertThat(event.has("logger_name")).isTrue();
                assertThat(event.has("message")).isTrue();
            });
            JsonNode access = events.stream().filter(event -> "json-1".equals(event.path("request_id").asText()))
                    .filter(event -> event.get("logger_name").asText().equals(AccessLog.LOGGER)).findFirst().orElseThrow();
            assertThat(access.get("route").asText()).isEqualTo("/v4/chat");
            assertThat(access.get("status").asInt()).isEqualTo(200);
            assertThat(access.get("provider").asText()).isEqualTo("mock");
            assertThat(access.get("log_ids").asText()).startsWith("data_");
            assertThat(node.output()).doesNotContain(PROVIDER_KEY).doesNotContain(TestServer.API_KEY);
        }
    }

    @Test
    void withTracingOnTheJsonLinesOfARequestCarryItsTrace() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start();
                TestDatabase database = TestDatabase.create(TestStore.SQLITE);
                ServerProcess node = ServerProcess.start(database, Map.of("OPENLOOP_LOG_FORMAT", "json",
                        "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(), "OTEL_BSP_SCHEDULE_DELAY", "50"), "node")) {
            HttpRequest request = HttpRequest.newBuilder(node.uri("/v4/projects"))
                    .header("X-API-KEY", TestServer.API_KEY).header("X-Request-Id", "traced-1")
                    .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").build();
            assertThat(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

            JsonNode access = JSON.readTree(NodeLog.await(node, line -> line.contains("traced-1")));
            assertThat(access.get("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            String spanId = access.get("span_id").asText();
            assertThat(HexFormat.of().formatHex(receiver.await(span -> span.getName().equals("GET /v4/projects"))
                    .getSpanId().toByteArray())).isEqualTo(spanId);
        }
    }

    @Test
    void levelsPerLoggerComeFromTheEnvironment() throws Exception {
        try (TestDatabase database = TestDatabase.create(TestStore.SQLITE);
                ServerProcess node = ServerProcess.start(database,
                        Map.of("OPENLOOP_LOG_LEVELS", "openloop.access=off,dev.openloop.server.observe.ClientEvents=debug"),
                        "node")) {
            chat(node, "quiet-1", "/v4/chat");
            get(node, "/v4/projects", "quiet-2");
            // A last line that is logged: the ones before it are in by then.
            ServerProcess.run(database, Map.of(), "version");
            assertThat(node.output()).doesNotContain("quiet-1").doesNotContain("quiet-2").doesNotContain(AccessLog.LOGGER);
        }
    }

    @Test
    void aBadLevelIsRefusedAtStartWithTheSettingsName() {
        try (TestDatabase database = TestDatabase.create(TestStore.SQLITE)) {
            ServerProcess.Finished run = ServerProcess.run(database, Map.of("OPENLOOP_LOG_LEVELS", "io.helidon=loud"), "serve");
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.output()).contains("OPENLOOP_LOG_LEVELS").contains("'loud'");
        }
    }

    private static HttpResponse<String> chat(ServerProcess node, String requestId, String path)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.uri(path))
                .header("X-API-KEY", TestServer.API_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"project":"access-log","messages":[{"role":"user","content":"hello there"}],
                         "model_config":{"provider":"mock","model":"m"},
                         "provider_api_keys":{"openai":"%s"}}""".formatted(PROVIDER_KEY)));
        if (!requestId.isEmpty()) {
            request.header("X-Request-Id", requestId);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(ServerProcess node, String path, String requestId)
            throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(node.uri(path).toString()))
                .header("X-API-KEY", TestServer.API_KEY).header("X-Request-Id", requestId).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
