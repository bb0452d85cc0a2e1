package dev.openloop.client;

import static dev.openloop.client.WireShapeTest.jsonOf;
import static dev.openloop.client.testing.LocalServer.chatAnswer;
import static dev.openloop.client.testing.LocalServer.event;
import static dev.openloop.client.testing.LocalServer.events;
import static dev.openloop.client.testing.LocalServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ProviderApiKeys;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.client.testing.LocalServer;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The typed parameters of each chat endpoint: what each offers, checks, sends and prints. */
class ChatParamsTest {
    private static final ChatMessage HI = ChatMessage.user("Hi");

    private static Humanloop client(LocalServer server) {
        return Humanloop.builder().apiKey("hl-params-key").basePath(server.basePath()).maxRetries(0).build();
    }

    @Test
    void eachEndpointsParamsPostToItsPathWithItsOwnField() {
        try (LocalServer server = LocalServer.answering(json(200, chatAnswer("Hello")));
                Humanloop humanloop = client(server)) {
            ApiResponse<?> answer = humanloop.chat(ChatParams.builder().messages(HI)
                    .modelConfig(ModelConfigRequest.builder().provider(ModelProvider.MOCK).model("m").temperature(1).build())
                    .build());
            humanloop.chatDeployed(ChatDeployedParams.builder().projectId("pr_p").environment("staging").messages(HI).build());
            humanloop.chatExperiment(ChatExperimentParams.builder().project("p").experimentId("exp_p").messages(HI).build());
            humanloop.chatModelConfiguration(ChatModelConfigParams.builder().project("p").modelConfigId("config_p")
                    .messages(HI).toolCall("auto").build());

            // An answer prints as what came back: the status and the body as sent.
            assertThat(answer.toString()).isEqualTo("200 " + answer.rawBody()).contains("\"output\":\"Hello\"");
            List<LocalServer.Received> sent = server.received();
            assertThat(sent).extracting(LocalServer.Received::path)
                    .containsExactly("/v4/chat", "/v4/chat-deployed", "/v4/chat-experiment", "/v4/chat-model-config");
            assertThat(sent.get(0).json()).isEqualTo(jsonOf("""
                    {"messages":[{"role":"user","content":"Hi"}],"provider_api_keys":{},
                     "model_config":{"model":"m","provider":"mock","temperature":1.0}}"""));
            assertThat(sent.get(1).json()).isEqualTo(jsonOf("""
                    {"messages":[{"role":"user","content":"Hi"}],"project_id":"pr_p","provider_api_keys":{},
                     "environment":"staging"}"""));
            assertThat(sent.get(2).json()).isEqualTo(jsonOf("""
                    {"messages":[{"role":"user","content":"Hi"}],"project":"p","provider_api_keys":{},
                     "experiment_id":"exp_p"}"""));
            assertThat(sent.get(3).json()).isEqualTo(jsonOf("""
                    {"messages":[{"role":"user","content":"Hi"}],"project":"p","provider_api_keys":{},
                     "tool_call":"auto","model_config_id":"config_p"}"""));
        }
    }

    @Test
    void aBuilderOffersOnlyTheFieldsOfItsEndpoint() {
        Set<String> endpointFields = Set.of("modelConfig", "environment", "experimentId", "modelConfigId", "stream");
        assertThat(setters(ChatParams.Builder.class)).containsOnlyOnce("modelConfig")
                .doesNotContain("environment", "experimentId", "modelConfigId", "stream");
        assertThat(setters(ChatDeployedParams.Builder.class)).filteredOn(endpointFields::contains).containsExactly("environment");
        assertThat(setters(ChatExperimentParams.Builder.class)).filteredOn(endpointFields::contains).containsExactly("experimentId");
        assertThat(setters(ChatModelConfigParams.Builder.class)).filteredOn(endpointFields::contains)
                .containsExactly("modelConfigId");
    }

    @Test
    void requiredFieldsAreCheckedWhenBuiltWithTheirNames() {
        assertThatThrownBy(() -> ChatParams.builder().messages(HI).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ChatParams needs modelConfig (model_config on the wire): the API requires it");
        assertThatThrownBy(() -> ChatParams.builder().messages(HI).modelConfig(ModelConfigRequest.builder().temperature(1).build())
                .build())
                .hasMessage("ChatParams needs modelConfig.model (model_config.model on the wire): the API requires it");
        assertThatThrownBy(() -> ChatExperimentParams.builder().build())
                .hasMessage("ChatExperimentParams needs messages (messages on the wire) and experimentId "
                        + "(experiment_id on the wire): the API requires them");
        assertThatThrownBy(() -> ChatModelConfigParams.builder().messages(HI).build())
                .hasMessageContaining("modelConfigId (model_config_id on the wire)");
        assertThatThrownBy(() -> ChatDeployedParams.builder().project("p").build())
                .hasMessageContaining("ChatDeployedParams needs messages");
        assertThat(ChatDeployedParams.builder().messages(HI).build().body().messages()).containsExactly(HI);
    }

    @Test
    void additionalBodyPropertiesAreSentAsGivenAndWinOverATypedField() {
        try (LocalServer server = LocalServer.answering(json(200, chatAnswer("Hello")));
                Humanloop humanloop = client(server)) {
            humanloop.chatDeployed(ChatDeployedParams.builder().project("p").messages(HI).user("typed")
                    .putAdditionalBodyProperty("logprobs", true)
                    .putAdditionalBodyProperty("user", "extra")
                    .putAllAdditionalBodyProperties(Map.of("labels", List.of("a", "b")))
                    .build());

            assertThat(server.onlyRequest().json()).isEqualTo(jsonOf("""
                    {"messages":[{"role":"user","content":"Hi"}],"project":"p","user":"extra","provider_api_keys":{},
                     "logprobs":true,"labels":["a","b"]}"""));
        }
        assertThatThrownBy(() -> ChatParams.builder().putAdditionalBodyProperty("stream", true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Stream form");
    }

    @Test
    void theStreamFormSendsStreamAndKeepsTheAdditionalProperties() {
        try (LocalServer server = LocalServer.answering(events(event(0, "Hel", null) + event(0, "lo", "stop")));
                Humanloop humanloop = client(server);
                ChatStream stream = humanloop.chatExperimentStream(ChatExperimentParams.builder().experimentId("exp_s")
                        .messages(HI).putAdditionalBodyProperty("seed_note", "x").build())) {
            assertThat(stream.result().data().getFirst().output()).isEqualTo("Hello");
        }
    }

    @Test
    void paramsPrintAsTheBodyOnTheWireWithoutProviderKeys() {
        ChatModelConfigParams params = ChatModelConfigParams.builder()
                .modelConfigId("config_x")
                .messages(HI)
                .numSamples(2)
                .providerApiKeys(ProviderApiKeys.builder().anthropic("sk-ant-never-shown").build())
                .putAdditionalBodyProperty("extra", 1)
                .build();

        assertThat(params.toString()).isEqualTo("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"provider_api_keys\":{\"anthropic\":\"<hidden>\"},\"num_samples\":2,\"model_config_id\":\"config_x\","
                + "\"extra\":1}");
        assertThat(params.toBuilder().numSamples(3).build().body().numSamples()).isEqualTo(3);
        assertThat(params.toBuilder().build().additionalBodyProperties()).containsEntry("extra", 1);
    }

    private static List<String> setters(Class<?> builder) {
        return Arrays.stream(builder.getMethods())
                .filter(m -> m.getParameterCount() == 1 && m.getReturnType() != Object.class)
                .map(Method::getName)
                .distinct()
                .collect(Collectors.toList());
    }
}
