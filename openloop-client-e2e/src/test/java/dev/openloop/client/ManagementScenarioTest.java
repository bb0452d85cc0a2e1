package dev.openloop.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.openloop.api.chat.ChatDataResponse;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.config.ModelEndpoint;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.api.config.ProjectModelConfigRequest;
import dev.openloop.api.experiment.CreateExperimentRequest;
import dev.openloop.api.experiment.ExperimentConfigResponse;
import dev.openloop.api.experiment.ExperimentResponse;
import dev.openloop.api.experiment.ExperimentStatus;
import dev.openloop.api.feedback.FeedbackRequest;
import dev.openloop.api.log.LogResponse;
import dev.openloop.api.project.CreateProjectRequest;
import dev.openloop.api.project.PositiveLabel;
import dev.openloop.client.testing.Clients;
import dev.openloop.testkit.OpenLoopNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A team's whole loop through the SDK only: a project, two configs, an experiment deployed as the
 * project's active one, calls to {@code chatDeployed}, users' feedback on the answers, and the
 * experiment's statistics read back.
 */
class ManagementScenarioTest {
    private static final int CALLS = 12;

    @Test
    void feedbackOnDeployedAnswersShowsInTheExperimentsStatistics() {
        try (OpenLoopNode node = OpenLoopNode.start(); Humanloop humanloop = Clients.of(node).build()) {
            String projectId = humanloop.projects().create(CreateProjectRequest.named("scenario")).body().id();
            String friendly = humanloop.modelConfigs().register(ProjectModelConfigRequest.builder().projectId(projectId)
                    .provider(ModelProvider.MOCK).model("friendly").endpoint(ModelEndpoint.CHAT).build()).body().config().id();
            String grumpy = humanloop.modelConfigs().register(ProjectModelConfigRequest.builder().projectId(projectId)
                    .provider(ModelProvider.MOCK).model("grumpy").endpoint(ModelEndpoint.CHAT).build()).body().config().id();
            String experimentId = humanloop.experiments().create(projectId, CreateExperimentRequest.builder().name("tone")
                    .positiveLabels(new PositiveLabel("rating", "good")).configIds(friendly, grumpy).setActive(true)
                    .build()).body().id();
            assertThat(humanloop.projects().get(projectId).body().activeExperiment().id()).isEqualTo(experimentId);

            // Users like every friendly answer and none of the grumpy ones.
            Map<String, Integer> liked = new HashMap<>(Map.of(friendly, 0, grumpy, 0));
            Map<String, Integer> disliked = new HashMap<>(Map.of(friendly, 0, grumpy, 0));
            List<FeedbackRequest> feedback = new ArrayList<>();
            for (int call = 0; call < CALLS; call++) {
                ChatDataResponse answer = humanloop.chatDeployed(ChatRequest.builder().projectId(projectId)
                        .messages(ChatMessage.user("Hello " + call)).build()).body().data().getFirst();
                boolean good = answer.modelConfigId().equals(friendly);
                (good ? liked : disliked).merge(answer.modelConfigId(), 1, Integer::sum);
                feedback.add(FeedbackRequest.of(answer.id(), "rating", good ? "good" : "bad"));
            }
            // One at a time and as a list: both count.
            humanloop.feedback().give(feedback.getFirst());
            assertThat(humanloop.feedback().give(feedback.subList(1, CALLS)).body()).hasSize(CALLS - 1);

            ExperimentResponse experiment = humanloop.experiments().list(projectId).body().getFirst();
            assertThat(experiment.id()).isEqualTo(experimentId);
            assertThat(experiment.status()).isEqualTo(ExperimentStatus.IN_PROGRESS);
            assertThat(experiment.configs()).hasSize(2);
            for (ExperimentConfigResponse config : experiment.configs()) {
                String id = config.config().id();
                int successes = liked.get(id);
                int failures = disliked.get(id);
                assertThat(config.trialsCount()).as(id).isEqualTo(successes + failures);
                // The posterior Beta(1 + successes, 1 + failures) of spec §9.
                double alpha = 1 + successes;
                double beta = 1 + failures;
                assertThat(config.mean()).as(id).isCloseTo(alpha / (alpha + beta), within(1e-9));
                assertThat(config.spread()).as(id).isCloseTo(
                        Math.sqrt(alpha * beta / ((alpha + beta) * (alpha + beta) * (alpha + beta + 1))), within(1e-9));
            }

            // Every answer is a log of the project, drawn from the experiment, with its rating.
            List<LogResponse> logs = new ArrayList<>();
            humanloop.logs().list(LogListParams.builder().projectId(projectId).size(5).build()).autoPager().forEach(logs::add);
            assertThat(logs).hasSize(CALLS);
            assertThat(logs).allSatisfy(log -> {
                assertThat(log.experimentId()).isEqualTo(experimentId);
                assertThat(log.environment()).isEqualTo("production");
                assertThat(log.feedback()).extracting(f -> f.type()).containsExactly("rating");
            });
            assertThat(humanloop.projects().get(projectId).body().dataCount()).isEqualTo(CALLS);
        }
    }
}
