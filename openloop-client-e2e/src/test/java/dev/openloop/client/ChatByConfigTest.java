package dev.openloop.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openloop.api.chat.ChatDataResponse;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.ChatResponse;
import dev.openloop.api.config.ModelEndpoint;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.api.config.ProjectModelConfigRequest;
import dev.openloop.api.environment.EnvironmentResponse;
import dev.openloop.api.experiment.CreateExperimentRequest;
import dev.openloop.api.log.LogResponse;
import dev.openloop.api.project.CreateProjectRequest;
import dev.openloop.api.project.EnvironmentProjectConfigRequest;
import dev.openloop.api.project.EnvironmentRequest;
import dev.openloop.api.project.PositiveLabel;
import dev.openloop.client.testing.NodeWithClient;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The three chat endpoints that take their config from the server, against a real node: a
 * registered config ({@code chatModelConfiguration}), an experiment ({@code chatExperiment}) and
 * a deployment ({@code chatDeployed}), each whole and streamed.
 */
class ChatByConfigTest {
    @RegisterExtension
    static final NodeWithClient openloop = new NodeWithClient();

    private static String newProject(String name) {
        return openloop.humanloop().projects().create(CreateProjectRequest.named(name)).body().id();
    }

    private static String register(String projectId, String model) {
        return openloop.humanloop().modelConfigs().register(ProjectModelConfigRequest.builder().projectId(projectId)
                .provider(ModelProvider.MOCK).model(model).endpoint(ModelEndpoint.CHAT)
                .chatTemplate(List.of(ChatMessage.system("You answer about {{topic}}."))).build()).body().config().id();
    }

    private static ChatResponse drain(ChatStream stream, StringBuilder text) {
        try (stream) {
            stream.forEach(chunk -> text.append(chunk.output() == null ? "" : chunk.output()));
            return stream.result();
        }
    }

    @Test
    void chatModelConfigurationAnswersWithTheRegisteredConfig() {
        String projectId = newProject("by-config");
        String configId = register(projectId, "registered");
        ChatRequest request = ChatRequest.builder().projectId(projectId).modelConfigId(configId)
                .inputs(Map.of("topic", "tea")).messages(ChatMessage.user("Which tea?")).build();

        ApiResponse<ChatResponse> whole = openloop.humanloop().chatModelConfiguration(request);
        assertThat(whole.status()).isEqualTo(200);
        ChatDataResponse answer = whole.body().data().getFirst();
        assertThat(answer.modelConfigId()).isEqualTo(configId);
        assertThat(answer.output()).isEqualTo("Mock response to: Which tea?");
        assertThat(whole.body().projectId()).isEqualTo(projectId);
        // The config's template was filled in with the inputs and sent first.
        LogResponse log = openloop.humanloop().logs().get(answer.id()).body();
        assertThat(log.messages()).containsExactly(ChatMessage.system("You answer about tea."), ChatMessage.user("Which tea?"));
        assertThat(log.configId()).isEqualTo(configId);

        StringBuilder streamed = new StringBuilder();
        ChatResponse assembled = drain(openloop.humanloop().chatModelConfigurationStream(request), streamed);
        assertThat(streamed.toString()).isEqualTo("Mock response to: Which tea?");
        assertThat(assembled.data().getFirst().modelConfigId()).isEqualTo(configId);
        assertThat(openloop.humanloop().chats().createModelConfigAsync(request).join().body().data().getFirst().modelConfigId())
                .isEqualTo(configId);

        NotFoundException unknown = catchThrowableOfType(NotFoundException.class, () -> openloop.humanloop().chatModelConfiguration(
                request.toBuilder().modelConfigId("config_unknown").build()));
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void chatExperimentDrawsEachSampleFromTheExperimentsConfigs() {
        String projectId = newProject("by-experiment");
        String a = register(projectId, "a");
        String b = register(projectId, "b");
        register(projectId, "not-in-the-experiment");
        String experimentId = openloop.humanloop().experiments().create(projectId, CreateExperimentRequest.builder().name("ab")
                .positiveLabels(new PositiveLabel("rating", "good")).configIds(a, b).build()).body().id();
        ChatRequest request = ChatRequest.builder().experimentId(experimentId).numSamples(6)
                .inputs(Map.of("topic", "maps")).messages(ChatMessage.user("Where?")).build();

        ChatResponse whole = openloop.humanloop().chatExperiment(request).body();
        assertThat(whole.data()).hasSize(6);
        assertThat(whole.data()).extracting(ChatDataResponse::index).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(whole.data()).extracting(ChatDataResponse::modelConfigId).allMatch(id -> id.equals(a) || id.equals(b));
        assertThat(whole.projectId()).isEqualTo(projectId);
        LogResponse log = openloop.humanloop().logs().get(whole.data().getFirst().id()).body();
        assertThat(log.experimentId()).isEqualTo(experimentId);

        ChatResponse assembled = drain(openloop.humanloop().chatExperimentStream(request.toBuilder().numSamples(3).build()),
                new StringBuilder());
        assertThat(assembled.data()).hasSize(3);
        assertThat(assembled.data()).extracting(ChatDataResponse::modelConfigId).allMatch(id -> id.equals(a) || id.equals(b));
        assertThat(assembled.data()).extracting(ChatDataResponse::output).containsOnly("Mock response to: Where?");

        NotFoundException unknown = catchThrowableOfType(NotFoundException.class, () -> openloop.humanloop().chatExperiment(
                request.toBuilder().experimentId("exp_unknown").build()));
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void chatDeployedAnswersWithWhatTheEnvironmentHasDeployed() {
        String projectId = newProject("by-deployment");
        String production = register(projectId, "production-model");
        String canary = register(projectId, "canary-model");
        EnvironmentResponse canaryEnvironment = openloop.humanloop().environments().create("canary").body();
        openloop.humanloop().projects().deployConfig(projectId, EnvironmentProjectConfigRequest.builder().configId(canary)
                .environments(new EnvironmentRequest(canaryEnvironment.id(), "canary")).build());
        ChatRequest request = ChatRequest.builder().projectId(projectId).inputs(Map.of("topic", "birds"))
                .messages(ChatMessage.user("Which bird?")).build();

        // The default environment has the first config registered.
        ChatDataResponse byDefault = openloop.humanloop().chatDeployed(request).body().data().getFirst();
        assertThat(byDefault.modelConfigId()).isEqualTo(production);

        ChatDataResponse onCanary = openloop.humanloop().chatDeployed(request.toBuilder().environment("canary").build()).body().data()
                .getFirst();
        assertThat(onCanary.modelConfigId()).isEqualTo(canary);
        assertThat(openloop.humanloop().logs().get(onCanary.id()).body().environment()).isEqualTo("canary");

        StringBuilder streamed = new StringBuilder();
        ChatResponse assembled = drain(openloop.humanloop().chatDeployedStream(request.toBuilder().environment("canary").numSamples(2)
                .build()), streamed);
        assertThat(assembled.data()).hasSize(2);
        assertThat(assembled.data()).extracting(ChatDataResponse::modelConfigId).containsOnly(canary);
        assertThat(assembled.data()).extracting(ChatDataResponse::output).containsOnly("Mock response to: Which bird?");
        assertThat(streamed.toString()).hasSize(2 * "Mock response to: Which bird?".length());
        Set<String> environments = new HashSet<>();
        for (ChatDataResponse item : assembled.data()) {
            environments.add(openloop.humanloop().logs().get(item.id()).body().environment());
        }
        assertThat(environments).containsExactly("canary");

        NotFoundException unknownEnvironment = catchThrowableOfType(NotFoundException.class, () -> openloop.humanloop().chatDeployed(
                request.toBuilder().environment("nowhere").build()));
        assertThat(unknownEnvironment.getMessage()).contains("nowhere");

        // A project that has deployed nothing.
        String empty = newProject("nothing-deployed");
        assertThat(catchThrowableOfType(NotFoundException.class, () -> openloop.humanloop().chatDeployed(request.toBuilder()
                .projectId(empty).build())).status()).isEqualTo(404);
    }
}
