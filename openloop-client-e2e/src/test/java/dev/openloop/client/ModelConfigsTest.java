package dev.openloop.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelConfigResponse;
import dev.openloop.api.config.ModelEndpoint;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.api.config.ProjectModelConfigRequest;
import dev.openloop.api.error.ValidationError;
import dev.openloop.api.experiment.CreateExperimentRequest;
import dev.openloop.api.project.CreateProjectRequest;
import dev.openloop.api.project.PositiveLabel;
import dev.openloop.api.project.ProjectConfigResponse;
import dev.openloop.client.testing.NodeWithClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code humanloop.modelConfigs()} against a real OpenLoop node. */
class ModelConfigsTest {
    @RegisterExtension
    static final NodeWithClient openloop = new NodeWithClient();

    private static ModelConfigs configs() {
        return openloop.humanloop().modelConfigs();
    }

    @Test
    void registeringTheSameParametersAgainAnswersWithTheSameConfig() {
        ProjectModelConfigRequest request = ProjectModelConfigRequest.builder()
                .project("model-configs")
                .config(ModelConfigRequest.builder().provider(ModelProvider.MOCK).model("mock-1").name("support")
                        .temperature(0.2).maxTokens(64).stop(List.of("END")).other(Map.of("style", "brief"))
                        .chatTemplate(List.of(ChatMessage.system("You help with {{product}}."))).build())
                .endpoint(ModelEndpoint.CHAT)
                .build();

        ApiResponse<ProjectConfigResponse> registered = configs().register(request);
        assertThat(registered.status()).isEqualTo(200);
        ProjectConfigResponse body = registered.body();
        // An unknown project name creates the project.
        assertThat(body.projectId()).startsWith("pr_");
        assertThat(body.projectName()).isEqualTo("model-configs");
        ModelConfigResponse config = body.config();
        assertThat(config.id()).startsWith("config_");
        assertThat(config.model()).isEqualTo("mock-1");
        assertThat(config.provider()).isEqualTo(ModelProvider.MOCK);
        assertThat(config.temperature()).isEqualTo(0.2);
        assertThat(config.maxTokens()).isEqualTo(64);
        assertThat(config.stop()).containsExactly("END");
        assertThat(config.other()).containsEntry("style", "brief");
        assertThat(config.endpoint()).isEqualTo(ModelEndpoint.CHAT);
        assertThat(config.chatTemplate()).containsExactly(ChatMessage.system("You help with {{product}}."));

        assertThat(configs().register(request.withProjectId(body.projectId())).body().config().id()).isEqualTo(config.id());

        ApiResponse<ModelConfigResponse> got = configs().get(config.id());
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(config);
    }

    @Test
    void v4RegistersACompletionConfigWhenNoEndpointIsGiven() {
        ModelConfigResponse config = configs().register(ProjectModelConfigRequest.builder().project("model-configs-default")
                .provider(ModelProvider.MOCK).model("mock-2").build()).body().config();

        assertThat(config.endpoint()).isEqualTo(ModelEndpoint.COMPLETE);
    }

    @Test
    void aConfigRegisteredWithAnExperimentJoinsIt() {
        String projectId = openloop.humanloop().projects().create(CreateProjectRequest.named("model-configs-experiment")).body().id();
        String experimentId = openloop.humanloop().experiments().create(projectId, CreateExperimentRequest.builder().name("tone")
                .positiveLabels(new PositiveLabel("rating", "good")).build()).body().id();

        ProjectConfigResponse registered = configs().register(ProjectModelConfigRequest.builder().projectId(projectId)
                .experiment("tone").provider(ModelProvider.MOCK).model("joined").endpoint(ModelEndpoint.CHAT).build()).body();

        assertThat(registered.experimentId()).isEqualTo(experimentId);
        assertThat(openloop.humanloop().experiments().list(projectId).body().getFirst().configs())
                .extracting(c -> c.config().id()).containsExactly(registered.config().id());

        NotFoundException noSuchExperiment = catchThrowableOfType(NotFoundException.class,
                () -> configs().register(ProjectModelConfigRequest.builder().projectId(projectId).experiment("nope")
                        .provider(ModelProvider.MOCK).model("m").build()));
        assertThat(noSuchExperiment.getMessage()).contains("'nope'");
    }

    @Test
    void errorsAreTypedByStatus() {
        assertThat(catchThrowableOfType(NotFoundException.class, () -> configs().get("config_unknown")).status())
                .isEqualTo(404);
        assertThat(catchThrowableOfType(NotFoundException.class, () -> configs().register(ProjectModelConfigRequest.builder()
                .projectId("pr_unknown").provider(ModelProvider.MOCK).model("m").build())).status()).isEqualTo(404);

        UnprocessableEntityException invalid = catchThrowableOfType(UnprocessableEntityException.class,
                // The builder refuses a config without a model; the record made directly reaches the server.
                () -> configs().register(new ProjectModelConfigRequest(null, null, null, null, ModelProvider.MOCK, null,
                        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null)));
        assertThat(invalid.validationErrors()).extracting(ValidationError::loc)
                .contains(List.of("body", "model"), List.of("body", "project"));
    }
}
