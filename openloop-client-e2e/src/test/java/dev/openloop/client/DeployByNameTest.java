package dev.openloop.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.config.ModelEndpoint;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.api.config.ProjectModelConfigRequest;
import dev.openloop.api.experiment.CreateExperimentRequest;
import dev.openloop.api.project.CreateProjectRequest;
import dev.openloop.api.project.EnvironmentProjectConfigResponse;
import dev.openloop.api.project.PositiveLabel;
import dev.openloop.client.testing.NodeWithClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Deploying by environment name, the name the chat calls take. */
class DeployByNameTest {
    @RegisterExtension
    static final NodeWithClient openloop = new NodeWithClient();

    @Test
    void aConfigDeployedByNameAnswersTheChatsThatNameTheEnvironment() {
        Humanloop humanloop = openloop.humanloop();
        humanloop.environments().create("staging-by-name");
        String projectId = humanloop.projects().create(CreateProjectRequest.named("deploy-by-name")).body().id();
        String live = register(projectId, "live-model");
        String trial = register(projectId, "trial-model");

        humanloop.projects().deployConfig(projectId, "production", live);
        List<EnvironmentProjectConfigResponse> deployed = humanloop.projects()
                .deployConfig(projectId, "staging-by-name", trial).body();

        assertThat(deployed).extracting(EnvironmentProjectConfigResponse::environmentName, EnvironmentProjectConfigResponse::modelConfigId)
                .contains(org.assertj.core.groups.Tuple.tuple("production", live),
                        org.assertj.core.groups.Tuple.tuple("staging-by-name", trial));
        assertThat(answeredBy(projectId, "staging-by-name")).isEqualTo(trial);
        assertThat(answeredBy(projectId, "production")).isEqualTo(live);

        humanloop.projects().undeploy(projectId, "staging-by-name");
        assertThat(deployedTo(projectId, "staging-by-name").modelConfigId()).isNull();
        assertThat(deployedTo(projectId, "production").modelConfigId()).isEqualTo(live);
    }

    @Test
    void anExperimentIsDeployedByNameToo() {
        Humanloop humanloop = openloop.humanloop();
        String projectId = humanloop.projects().create(CreateProjectRequest.named("deploy-experiment-by-name")).body().id();
        String a = register(projectId, "a");
        String experimentId = humanloop.experiments().create(projectId, CreateExperimentRequest.builder().name("ab")
                .positiveLabels(new PositiveLabel("rating", "good")).configIds(a).build()).body().id();

        humanloop.projects().deployExperiment(projectId, "production", experimentId);

        assertThat(deployedTo(projectId, "production").experimentId()).isEqualTo(experimentId);
    }

    @Test
    void anUnknownNameIsRefusedWithTheNamesThereAre() {
        String projectId = openloop.humanloop().projects().create(CreateProjectRequest.named("deploy-unknown")).body().id();
        String config = register(projectId, "m");

        assertThatThrownBy(() -> openloop.humanloop().projects().deployConfig(projectId, "prod", config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No environment is named \"prod\"")
                .hasMessageContaining("production");
    }

    private static EnvironmentProjectConfigResponse deployedTo(String projectId, String environment) {
        return openloop.humanloop().projects().listDeployedConfigs(projectId).body().stream()
                .filter(deployment -> deployment.environmentName().equals(environment)).findFirst().orElseThrow();
    }

    private static String register(String projectId, String model) {
        return openloop.humanloop().modelConfigs().register(ProjectModelConfigRequest.builder().projectId(projectId)
                .provider(ModelProvider.MOCK).model(model).endpoint(ModelEndpoint.CHAT).build()).body().config().id();
    }

    private static String answeredBy(String projectId, String environment) {
        return openloop.humanloop().chatDeployed(ChatDeployedParams.builder().projectId(projectId).environment(environment)
                .messages(ChatMessage.user("Which config?")).build()).body().data().getFirst().modelConfigId();
    }
}
