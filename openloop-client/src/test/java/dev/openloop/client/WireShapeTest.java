package dev.openloop.client;

import static dev.openloop.client.testing.LocalServer.chatAnswer;
import static dev.openloop.client.testing.LocalServer.event;
import static dev.openloop.client.testing.LocalServer.events;
import static dev.openloop.client.testing.LocalServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.ChatResponse;
import dev.openloop.api.chat.ToolChoice;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.client.testing.LocalServer;
import java.util.function.Function;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What goes on the wire for each of the four chat calls, checked on a local server: the path, the
 * headers, and the body, which is exactly the request as built plus {@code provider_api_keys}
 * (and {@code "stream": true} for streams).
 */
class WireShapeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ChatRequest DEPLOYED = ChatRequest.builder()
            .projectId("pr_wire")
            .environment("production")
            .messages(ChatMessage.user("Hi"))
            .toolCall(ToolChoice.AUTO)
            .build();
    private static final ChatRequest EXPERIMENT = ChatRequest.builder()
            .project("wire")
            .experimentId("exp_wire")
            .numSamples(2)
            .messages(ChatMessage.user("Hi"))
            .build();
    private static final ChatRequest MODEL_CONFIG = ChatRequest.builder()
            .project("wire")
            .modelConfigId("config_wire")
            .toolChoice(ToolChoice.NONE)
            .inputs(Map.of("name", "Ada"))
            .messages(ChatMessage.user("Hi"))
            .build();
    private static final ChatRequest INLINE = ChatRequest.builder()
            .project("wire")
            .sessionReferenceId("conversation-1")
            .metadata(Map.of("team", "sdk"))
            .messages(ChatMessage.system("Be brief."), ChatMessage.user("Hi"))
            .modelConfig(ModelConfigRequest.builder().provider(ModelProvider.MOCK).model("m").temperature(0.5).build())
            .build();

    private static Humanloop client(LocalServer server) {
        return Humanloop.builder().apiKey("hl-wire-key").basePath(server.basePath() + "/").maxRetries(0).build();
    }

    @Test
    void chatPostsTheRequestAsBuiltWithTheKeyAndJsonHeaders() {
        try (LocalServer server = LocalServer.answering(json(200, chatAnswer("Hello")));
                Humanloop humanloop = client(server)) {
            humanloop.chat(INLINE);

            LocalServer.Received request = server.onlyRequest();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/v4/chat");
            assertThat(request.headers().getFirst("X-API-KEY")).isEqualTo("hl-wire-key");
            assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
            assertThat(request.headers().getFirst("Accept")).isEqualTo("application/json");
            assertThat(request.headers().getFirst("User-Agent")).isEqualTo("openloop-java/" + Version.VERSION);
            assertThat(Version.VERSION).matches("\\d+\\.\\d+\\.\\d+.*");
            assertThat(request.json()).isEqualTo(jsonOf("""
                    {"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}],
                     "project":"wire","session_reference_id":"conversation-1","metadata":{"team":"sdk"},
                     "provider_api_keys":{},
                     "model_config":{"model":"m","provider":"mock","temperature":0.5}}"""));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"chat-deployed", "chat-experiment", "chat-model-config"})
    void theOtherThreeCallsPostToTheirOwnPath(String endpoint) {
        try (LocalServer server = LocalServer.answering(json(200, chatAnswer("Hello")));
                Humanloop humanloop = client(server)) {
            ApiResponse<ChatResponse> response = call(endpoint, humanloop::chatDeployed, humanloop::chatExperiment,
                    humanloop::chatModelConfiguration);

            assertThat(response.body().data().getFirst().output()).isEqualTo("Hello");
            LocalServer.Received request = server.onlyRequest();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/v4/" + endpoint);
            assertThat(request.headers().getFirst("X-API-KEY")).isEqualTo("hl-wire-key");
            assertThat(request.json()).isEqualTo(expectedBody(endpoint, false));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"chat", "chat-deployed", "chat-experiment", "chat-model-config"})
    void streamsPostTheSameBodyWithStreamTrue(String endpoint) {
        try (LocalServer server = LocalServer.answering(events(event(0, "Hel", null) + event(0, "lo", "stop")
                + event(1, "Hello", "stop")));
                Humanloop humanloop = client(server)) {
            ChatRequest request = endpoint.equals("chat") ? INLINE : requestFor(endpoint);
            ChatStream stream = switch (endpoint) {
                case "chat" -> humanloop.chatStream(request);
                case "chat-deployed" -> humanloop.chatDeployedStream(request);
                case "chat-experiment" -> humanloop.chatExperimentStream(request);
                default -> humanloop.chatModelConfigurationStream(request);
            };
            try (stream) {
                assertThat(stream.result().data()).extracting(d -> d.output()).contains("Hello");
            }

            LocalServer.Received sent = server.onlyRequest();
            assertThat(sent.path()).isEqualTo("/v4/" + endpoint);
            assertThat(sent.headers().getFirst("Accept")).isEqualTo("application/json");
            JsonNode expected = endpoint.equals("chat") ? withStream(jsonOf("""
                    {"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}],
                     "project":"wire","session_reference_id":"conversation-1","metadata":{"team":"sdk"},
                     "provider_api_keys":{},
                     "model_config":{"model":"m","provider":"mock","temperature":0.5}}""")) : expectedBody(endpoint, true);
            assertThat(sent.json()).isEqualTo(expected);
        }
    }

    @Test
    void theAsyncFormsPostTheSameAsTheBlockingOnes() {
        try (LocalServer server = LocalServer.answering(json(200, chatAnswer("Hello")));
                Humanloop humanloop = client(server)) {
            humanloop.chatAsync(INLINE).join();
            humanloop.chatDeployedAsync(DEPLOYED).join();
            humanloop.chatExperimentAsync(EXPERIMENT).join();
            humanloop.chatModelConfigurationAsync(MODEL_CONFIG).join();

            assertThat(server.received()).extracting(LocalServer.Received::path)
                    .containsExactlyInAnyOrder("/v4/chat", "/v4/chat-deployed", "/v4/chat-experiment", "/v4/chat-model-config");
            for (LocalServer.Received request : server.received()) {
                String endpoint = request.path().substring("/v4/".length());
                if (!endpoint.equals("chat")) {
                    assertThat(request.json()).as(endpoint).isEqualTo(expectedBody(endpoint, false));
                }
            }
        }
    }

    @Test
    void theChatsGroupIsWhatTheShortcutsCall() {
        try (LocalServer server = LocalServer.answering(json(200, chatAnswer("Hello")));
                Humanloop humanloop = client(server)) {
            humanloop.chats().createModelConfig(MODEL_CONFIG);
            assertThat(server.onlyRequest().path()).isEqualTo("/v4/chat-model-config");
            assertThat(server.onlyRequest().json()).isEqualTo(expectedBody("chat-model-config", false));
        }
    }

    @Test
    void aRequestAskingForAStreamIsRefusedByTheWholeAnswerForm() {
        try (LocalServer server = LocalServer.answering(json(200, chatAnswer("Hello")));
                Humanloop humanloop = client(server)) {
            ChatRequest streaming = INLINE.toBuilder().stream(true).build();
            assertThatThrownBy(() -> humanloop.chat(streaming))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Stream form");
            assertThat(server.received()).isEmpty();
        }
    }

    @Test
    void unknownFieldsOfAnAnswerStayInItsRawJson() {
        String answer = chatAnswer("Hello").replaceFirst("\\{", "{\"added_later\":{\"x\":1},");
        try (LocalServer server = LocalServer.answering(json(200, answer, "X-Request-Id", "req-7"));
                Humanloop humanloop = client(server)) {
            ApiResponse<ChatResponse> response = humanloop.chat(INLINE);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().projectId()).isEqualTo("pr_local");
            assertThat(response.rawBody().get("added_later").get("x").asInt()).isEqualTo(1);
            assertThat(response.headers().firstValue("x-request-id")).hasValue("req-7");
            assertThat(response.roundTripTime()).isPositive();
        }
    }

    private static ApiResponse<ChatResponse> call(String endpoint,
            Function<ChatRequest, ApiResponse<ChatResponse>> deployed,
            Function<ChatRequest, ApiResponse<ChatResponse>> experiment,
            Function<ChatRequest, ApiResponse<ChatResponse>> modelConfig) {
        return switch (endpoint) {
            case "chat-deployed" -> deployed.apply(DEPLOYED);
            case "chat-experiment" -> experiment.apply(EXPERIMENT);
            default -> modelConfig.apply(MODEL_CONFIG);
        };
    }

    private static ChatRequest requestFor(String endpoint) {
        return switch (endpoint) {
            case "chat-deployed" -> DEPLOYED;
            case "chat-experiment" -> EXPERIMENT;
            default -> MODEL_CONFIG;
        };
    }

    private static JsonNode expectedBody(String endpoint, boolean stream) {
        JsonNode body = switch (endpoint) {
            case "chat-deployed" -> jsonOf("""
                    {"messages":[{"role":"user","content":"Hi"}],"project_id":"pr_wire","environment":"production",
                     "tool_call":"auto","provider_api_keys":{}}""");
            case "chat-experiment" -> jsonOf("""
                    {"messages":[{"role":"user","content":"Hi"}],"project":"wire","experiment_id":"exp_wire",
                     "num_samples":2,"provider_api_keys":{}}""");
            default -> jsonOf("""
                    {"messages":[{"role":"user","content":"Hi"}],"project":"wire","model_config_id":"config_wire",
                     "tool_choice":"none","inputs":{"name":"Ada"},"provider_api_keys":{}}""");
        };
        return stream ? withStream(body) : body;
    }

    private static JsonNode withStream(JsonNode body) {
        return ((ObjectNode) body.deepCopy()).put("stream", true);
    }

    static JsonNode jsonOf(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
