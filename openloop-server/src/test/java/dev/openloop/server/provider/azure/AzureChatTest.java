package dev.openloop.server.provider.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.testing.EveryStoreSuite;
import dev.openloop.server.testing.Golden;
import dev.openloop.server.testing.ProviderFake;
import dev.openloop.server.testing.ProviderFake.Answer;
import dev.openloop.server.testing.SseEvents;
import dev.openloop.server.testing.TestServer;
import dev.openloop.server.testing.TestStore;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/**
 * {@code POST /v4/chat} with {@code provider: openai_azure}, end to end: OpenLoop calls a fake
 * Azure OpenAI resource over real HTTP; the tests check the exact request it sent and the v4
 * answer it made of Azure's documented answers.
 */
class AzureChatTest extends EveryStoreSuite {
    private static final String ENV_KEY = "azure-env-key-0123456789";
    private static final String REQUEST_KEY = "azure-request-key-9876543210";

    /** The resource named by the server's environment. */
    private static ProviderFake envResource;
    /** A server whose environment names {@link #envResource} and {@link #ENV_KEY}, default API version. */
    private static TestServer server;
    /** A server with no Azure settings but an API version. */
    private static TestServer bare;

    @BeforeParameterizedClassInvocation
    static void start(TestStore store) {
        envResource = ProviderFake.start();
        // Requests here name endpoints on this machine, which a node allows only when told to.
        server = TestServer.start(store, Map.of("AZURE_OPENAI_ENDPOINT", envResource.baseUrl(), "AZURE_OPENAI_API_KEY", ENV_KEY,
                "OPENLOOP_ALLOWED_ENDPOINT_HOSTS", "http://127.0.0.1:*"));
        bare = TestServer.start(store, Map.of("AZURE_OPENAI_API_VERSION", "2024-06-01",
                "OPENLOOP_ALLOWED_ENDPOINT_HOSTS", "http://127.0.0.1:*, *.openai.azure.com"));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
        bare.close();
        envResource.close();
    }

    private static Map<String, Object> chat(String project, String deployment, Map<String, Object> more) {
        Map<String, Object> body = new HashMap<>();
        body.put("project", project);
        body.put("messages", List.of(Map.of("role", "user", "content", "What is the capital of France?")));
        body.put("model_config", Map.of("provider", "openai_azure", "model", deployment, "temperature", 0.2, "max_tokens", 100));
        body.putAll(more);
        return body;
    }

    @Test
    void aChatIsSentToTheDeploymentUrlWithTheApiKeyHeaderAndNoModel() {
        envResource.enqueue(Answer.json(200, Golden.read("azure/chat_completion.json")));
        HttpResponse<String> response = server.postJson("/v4/chat", chat("azure-plain", "gpt4o-prod", Map.of()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        ProviderFake.Received sent = envResource.last();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21");
        assertThat(sent.header("api-key")).isEqualTo(ENV_KEY);
        assertThat(sent.header("authorization")).isNull();
        assertThat(sent.header("content-type")).startsWith("application/json");
        assertThat(TestServer.json(sent.body())).isEqualTo(TestServer.json("""
                {"messages":[{"role":"user","content":"What is the capital of France?"}],"max_completion_tokens":100,"temperature":0.2}"""));

        JsonNode body = TestServer.json(response.body());
        JsonNode item = body.get("data").get(0);
        assertThat(item.get("output").asText()).isEqualTo("Paris is the capital of France.");
        assertThat(item.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(item.get("output_message").get("content").asText()).isEqualTo("Paris is the capital of France.");
        assertThat(body.get("usage")).isEqualTo(TestServer.json(
                "{\"prompt_tokens\":25,\"generation_tokens\":8,\"total_tokens\":33}"));
        assertThat(body.get("provider_responses").get(0)).isEqualTo(TestServer.json(Golden.read("azure/chat_completion.json")));
        assertThat(body.get("provider_request")).isEqualTo(TestServer.json(sent.body()));

        JsonNode row = server.logRow(item.get("id").asText());
        assertThat(row.get("status").asText()).isEqualTo("complete");
        assertThat(row.get("error").isNull()).isTrue();
        assertThat(row.get("output").asText()).isEqualTo("Paris is the capital of France.");
        assertThat(row.get("prompt_tokens").asInt()).isEqualTo(25);
        assertThat(row.get("provider_request").asText()).doesNotContain(ENV_KEY);
    }

    @Test
    void aStreamIsRelayedDeltaByDeltaAndEndsWithTheFinishReasonAndUsage() {
        envResource.enqueue(Answer.sse(Golden.read("azure/stream_text.sse")));
        HttpResponse<String> response = server.postJson("/v4/chat", chat("azure-stream", "gpt4o-prod", Map.of("stream", true)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        ProviderFake.Received sent = envResource.last();
        assertThat(sent.path()).isEqualTo("/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21");
        assertThat(sent.header("api-key")).isEqualTo(ENV_KEY);
        assertThat(sent.header("authorization")).isNull();
        assertThat(TestServer.json(sent.body())).isEqualTo(TestServer.json("""
                {"messages":[{"role":"user","content":"What is the capital of France?"}],"max_completion_tokens":100,"temperature":0.2,
                 "stream":true,"stream_options":{"include_usage":true}}"""));

        List<JsonNode> events = SseEvents.data(response.body());
        assertThat(events).hasSize(4);
        assertThat(events.subList(0, 3)).extracting(e -> e.get("data").get(0).get("output").asText())
                .containsExactly("Paris", " is the capital", " of France.");
        assertThat(events.subList(0, 3)).allSatisfy(e -> assertThat(e.get("data").get(0).get("finish_reason").isNull()).isTrue());
        JsonNode last = events.get(3);
        assertThat(last.get("data").get(0).get("finish_reason").asText()).isEqualTo("stop");
        assertThat(last.get("usage")).isEqualTo(TestServer.json("{\"prompt_tokens\":25,\"generation_tokens\":7,\"total_tokens\":32}"));
        assertThat(SseEvents.parse(response.body())).noneMatch(e -> e.event().equals("error"));

        JsonNode row = server.logRow(last.get("data").get(0).get("id").asText());
        assertThat(row.get("status").asText()).isEqualTo("complete");
        assertThat(row.get("output").asText()).isEqualTo("Paris is the capital of France.");
        assertThat(row.get("error").isNull()).isTrue();
    }

    @Test
    void theRequestsEndpointAndKeyBeatTheServersOwn() {
        try (ProviderFake requestResource = ProviderFake.start()) {
            requestResource.enqueue(Answer.json(200, Golden.read("azure/chat_completion.json")));
            int envCallsBefore = envResource.received().size();
            HttpResponse<String> response = server.postJson("/v4/chat", chat("azure-request-endpoint", "gpt4o-eu",
                    Map.of("provider_api_keys", Map.of("openai_azure", REQUEST_KEY,
                            "openai_azure_endpoint", requestResource.baseUrl() + "/"))));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(requestResource.received()).hasSize(1);
            assertThat(requestResource.last().path()).isEqualTo("/openai/deployments/gpt4o-eu/chat/completions?api-version=2024-10-21");
            assertThat(requestResource.last().header("api-key")).isEqualTo(REQUEST_KEY);
            assertThat(envResource.received()).hasSize(envCallsBefore);
        }
    }

    @Test
    void aRequestKeyAloneGoesToTheServersEndpoint() {
        envResource.enqueue(Answer.json(200, Golden.read("azure/chat_completion.json")));
        HttpResponse<String> response = server.postJson("/v4/chat", chat("azure-request-key", "gpt4o-prod",
                Map.of("provider_api_keys", Map.of("openai_azure", REQUEST_KEY))));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(envResource.last().header("api-key")).isEqualTo(REQUEST_KEY);
    }

    @Test
    void theApiVersionComesFromTheEnvironmentAndTheDeploymentIsOneEncodedPathSegment() {
        try (ProviderFake resource = ProviderFake.start()) {
            resource.enqueue(Answer.json(200, Golden.read("azure/chat_completion.json")));
            HttpResponse<String> response = bare.postJson("/v4/chat", chat("azure-version", "team a?gpt%4o#1", Map.of(
                    "provider_api_keys", Map.of("openai_azure", REQUEST_KEY, "openai_azure_endpoint", resource.baseUrl()))));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(resource.last().path())
                    .isEqualTo("/openai/deployments/team%20a%3Fgpt%254o%231/chat/completions?api-version=2024-06-01");
            // An API version from before max_completion_tokens knows only max_tokens.
            assertThat(TestServer.json(resource.last().body()).get("max_tokens").asInt()).isEqualTo(100);
            assertThat(TestServer.json(resource.last().body()).has("max_completion_tokens")).isFalse();
        }
    }

    @Test
    void theServersKeyNeverGoesToAnEndpointTheRequestNames() {
        try (ProviderFake attacker = ProviderFake.start()) {
            attacker.otherwise(Answer.json(200, Golden.read("azure/chat_completion.json")));
            int envCallsBefore = envResource.received().size();
            for (Map<String, Object> keys : List.<Map<String, Object>>of(
                    Map.of("openai_azure_endpoint", attacker.baseUrl()),
                    Map.of("openai_azure_endpoint", attacker.baseUrl(), "openai_azure", ""),
                    Map.of("openai_azure_endpoint", attacker.baseUrl(), "openai_azure", "   "))) {
                HttpResponse<String> response = server.postJson("/v4/chat", chat("azure-foreign-endpoint", "gpt4o-prod",
                        Map.of("provider_api_keys", keys)));

                assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
                JsonNode detail = TestServer.json(response.body()).get("detail");
                assertThat(detail.get("type").asText()).isEqualTo("missing_api_key");
                assertThat(detail.get("origin").asText()).isEqualTo("OpenLoop");
                assertThat(detail.get("message").asText()).contains("Azure OpenAI").contains("provider_api_keys.openai_azure ");
                assertThat(response.body()).doesNotContain(ENV_KEY);
            }
            assertThat(attacker.received()).as("the foreign endpoint was never called").isEmpty();
            assertThat(envResource.received()).hasSize(envCallsBefore);

            // With a key of its own, the request's endpoint gets that key and nothing else.
            HttpResponse<String> own = server.postJson("/v4/chat", chat("azure-foreign-endpoint", "gpt4o-prod",
                    Map.of("provider_api_keys", Map.of("openai_azure_endpoint", attacker.baseUrl(), "openai_azure", REQUEST_KEY))));
            assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
            assertThat(attacker.received()).singleElement().satisfies(call -> {
                assertThat(call.header("api-key")).isEqualTo(REQUEST_KEY);
                assertThat(call.headers().toString()).doesNotContain(ENV_KEY);
                assertThat(call.body()).doesNotContain(ENV_KEY);
            });
        }
    }

    @Test
    void aBlankEndpointCountsAsNoneAndTheServersEndpointIsUsed() {
        envResource.enqueue(Answer.json(200, Golden.read("azure/chat_completion.json")));
        HttpResponse<String> response = server.postJson("/v4/chat", chat("azure-blank-endpoint", "gpt4o-prod",
                Map.of("provider_api_keys", Map.of("openai_azure_endpoint", " ", "openai_azure", ""))));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(envResource.last().header("api-key")).isEqualTo(ENV_KEY);
    }

    @Test
    void aStreamOfToolCallsIsAssembledIntoTheCalls() {
        envResource.enqueue(Answer.sse(Golden.read("azure/stream_tool_calls.sse")));
        Map<String, Object> body = chat("azure-stream-tools", "gpt4o-prod", Map.of("stream", true));
        body.put("model_config", Map.of("provider", "openai_azure", "model", "gpt4o-prod", "tools", List.of(Map.of(
                "name", "get_weather", "description", "The weather in a city",
                "parameters", Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")))))));
        HttpResponse<String> response = server.postJson("/v4/chat", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(SseEvents.parse(response.body())).noneMatch(e -> e.event().equals("error"));
        List<JsonNode> events = SseEvents.data(response.body());
        JsonNode last = events.getLast().get("data").get(0);
        assertThat(last.get("finish_reason").asText()).isEqualTo("tool_call");
        assertThat(last.get("tool_calls")).singleElement().satisfies(call -> {
            assertThat(call.get("id").asText()).isEqualTo("call_Zx81Qw4pLm2Nb6Vc");
            assertThat(call.get("function").get("name").asText()).isEqualTo("get_weather");
            assertThat(call.get("function").get("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
        });
        assertThat(events.getLast().get("usage")).isEqualTo(TestServer.json(
                "{\"prompt_tokens\":81,\"generation_tokens\":17,\"total_tokens\":98}"));
        JsonNode row = server.logRow(last.get("id").asText());
        assertThat(row.get("status").asText()).isEqualTo("complete");
        assertThat(row.get("error").isNull()).isTrue();
    }

    @Test
    void aDeploymentNameThatWouldLeaveItsPathSegmentIs422() {
        int before = envResource.received().size();
        for (String deployment : List.of("team/gpt4o", "..", "a\\b")) {
            HttpResponse<String> response = server.postJson("/v4/chat", chat("azure-bad-deployment", deployment, Map.of()));

            assertThat(response.statusCode()).as(deployment).isEqualTo(422);
            JsonNode problem = TestServer.json(response.body()).get("detail").get(0);
            assertThat(problem.get("loc")).isEqualTo(TestServer.json("[\"body\",\"model_config\",\"model\"]"));
        }
        assertThat(envResource.received()).hasSize(before);
    }

    @Test
    void withoutAKeyTheAnswerSaysWhereToPutOneAndNothingIsWritten() {
        HttpResponse<String> response = bare.postJson("/v4/chat", chat("azure-no-key", "gpt4o", Map.of(
                "provider_api_keys", Map.of("openai_azure_endpoint", "https://my-resource.openai.azure.com"))));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode detail = TestServer.json(response.body()).get("detail");
        assertThat(detail.get("type").asText()).isEqualTo("missing_api_key");
        assertThat(detail.get("code").asInt()).isEqualTo(400);
        assertThat(detail.get("origin").asText()).isEqualTo("OpenLoop");
        assertThat(detail.get("message").asText()).contains("provider_api_keys.openai_azure").contains("AZURE_OPENAI_API_KEY");
        assertThat(projectExists(bare, "azure-no-key")).as("refused before the project is created").isFalse();
    }

    @Test
    void withoutAnEndpointTheAnswerSaysWhereToPutOne() {
        HttpResponse<String> response = bare.postJson("/v4/chat", chat("azure-no-endpoint", "gpt4o", Map.of(
                "provider_api_keys", Map.of("openai_azure", REQUEST_KEY))));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode detail = TestServer.json(response.body()).get("detail");
        assertThat(detail.get("type").asText()).isEqualTo("missing_setting");
        assertThat(detail.get("origin").asText()).isEqualTo("OpenLoop");
        assertThat(detail.get("message").asText()).contains("provider_api_keys.openai_azure_endpoint").contains("AZURE_OPENAI_ENDPOINT");
        assertThat(response.body()).doesNotContain(REQUEST_KEY);
        assertThat(projectExists(bare, "azure-no-endpoint")).as("refused before the project is created").isFalse();
    }

    @Test
    void anEndpointThatIsNotAnHttpUrlIs422BeforeAnyCall() {
        int before = envResource.received().size();
        for (String endpoint : List.of("ftp://my-resource.openai.azure.com", "my-resource.openai.azure.com", "https://",
                "https://my-resource.openai.azure.com/?x=1", "http://exa mple.com")) {
            HttpResponse<String> response = server.postJson("/v4/chat", chat("azure-bad-endpoint", "gpt4o", Map.of(
                    "provider_api_keys", Map.of("openai_azure", REQUEST_KEY, "openai_azure_endpoint", endpoint))));

            assertThat(response.statusCode()).as(endpoint).isEqualTo(422);
            JsonNode problem = TestServer.json(response.body()).get("detail").get(0);
            assertThat(problem.get("loc")).isEqualTo(TestServer.json("[\"body\",\"provider_api_keys\",\"openai_azure_endpoint\"]"));
            assertThat(problem.get("msg").asText()).contains("http(s) URL");
            assertThat(response.body()).doesNotContain(REQUEST_KEY);
        }
        assertThat(envResource.received()).hasSize(before);
        assertThat(errorsLogged(server, "azure-bad-endpoint")).isEmpty();
    }

    @Test
    void aServerWhoseEndpointIsNotAnHttpUrlRefusesToStart() {
        assertThatThrownBy(() -> TestServer.start(Map.of("AZURE_OPENAI_ENDPOINT", "my-resource.openai.azure.com")).close())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AZURE_OPENAI_ENDPOINT");
    }

    @Test
    void azureErrorsAreMappedWithAzureAsTheirOrigin() {
        envResource.enqueue(Answer.json(400, Golden.read("azure/error_400.json")));
        HttpResponse<String> filtered = server.postJson("/v4/chat", chat("azure-errors", "gpt4o-prod", Map.of()));
        assertThat(filtered.statusCode()).isEqualTo(422);
        JsonNode detail = TestServer.json(filtered.body()).get("detail");
        assertThat(detail.get("type").asText()).isEqualTo("unprocessable_entity_error");
        assertThat(detail.get("origin").asText()).isEqualTo("Azure OpenAI");
        assertThat(detail.get("message").asText()).startsWith("The response was filtered due to the prompt triggering");

        envResource.enqueue(Answer.json(404, Golden.read("azure/error_404.json")));
        HttpResponse<String> missing = server.postJson("/v4/chat", chat("azure-errors", "gpt4o-gone", Map.of("stream", true)));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(TestServer.json(missing.body()).get("detail")).isEqualTo(TestServer.json("""
                {"type":"not_found_error","message":"The API deployment for this resource does not exist. If you created the \
                deployment within the last 5 minutes, please wait a moment and try again.","code":404,"origin":"Azure OpenAI"}"""));
        assertThat(errorsLogged(server, "azure-errors")).hasSize(2);
    }

    @Test
    void anErrorEventInTheStreamEndsItWithAzureAsTheOrigin() {
        String stream = Golden.read("azure/stream_text.sse");
        String firstDeltas = String.join("", Answer.sse(stream).chunks().subList(0, 3));
        envResource.enqueue(Answer.sse(firstDeltas + "data: " + Golden.read("azure/error_500.json").strip() + "\n\n"));
        HttpResponse<String> response = server.postJson("/v4/chat", chat("azure-error-event", "gpt4o-prod", Map.of("stream", true)));

        assertThat(response.statusCode()).isEqualTo(200);
        var error = SseEvents.parse(response.body()).getLast();
        assertThat(error.event()).isEqualTo("error");
        JsonNode detail = TestServer.json(error.data()).get("detail");
        assertThat(detail.get("origin").asText()).isEqualTo("Azure OpenAI");
        assertThat(detail.get("message").asText()).isEqualTo("The server had an error while processing your request. Sorry about that!");
        assertThat(detail.get("code").asInt()).isEqualTo(502);
    }

    /** Whether a project is named {@code name}. */
    static boolean projectExists(TestServer on, String name) {
        return on.database().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM projects WHERE name = :name")
                .bind("name", name)
                .mapTo(Integer.class)
                .one()) > 0;
    }

    /** The {@code error} of each log of {@code project}. */
    static List<String> errorsLogged(TestServer on, String project) {
        return on.database().withHandle(h -> h.createQuery(
                "SELECT l.error FROM logs l JOIN projects p ON p.id = l.project_id WHERE p.name = :name AND l.error IS NOT NULL")
                .bind("name", project)
                .mapTo(String.class)
                .list());
    }
}
