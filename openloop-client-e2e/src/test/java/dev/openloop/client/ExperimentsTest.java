package dev.openloop.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.config.ModelEndpoint;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.api.config.ProjectModelConfigRequest;
import dev.openloop.api.error.ValidationError;
import dev.openloop.api.experiment.CreateExperimentRequest;
import dev.openloop.api.experiment.ExperimentConfigResponse;
import dev.openloop.api.experiment.ExperimentResponse;
import dev.openloop.api.experiment.ExperimentStatus;
import dev.openloop.api.experiment.UpdateExperimentRequest;
import dev.openloop.api.feedback.FeedbackRequest;
import dev.openloop.api.log.LogRequest;
import dev.openloop.api.project.CreateProjectRequest;
import dev.openloop.api.project.PositiveLabel;
import dev.openloop.api.project.ProjectConfigResponse;
import dev.openloop.client.testing.NodeWithClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code humanloop.experiments()} against a real OpenLoop node. */
class ExperimentsTest {
    private static final PositiveLabel GOOD = new PositiveLabel("rating", "good");

    @RegisterExtension
    static final NodeWithClient openloop = new NodeWithClient();

    private static Experiments experiments() {
        return openloop.humanloop().experiments();
    }

    private static String newProject(String name) {
        return openloop.humanloop().projects().create(CreateProjectRequest.named(name)).body().id();
    }

    private static String register(String projectId, String model) {
        return openloop.humanloop().modelConfigs().register(ProjectModelConfigRequest.builder().projectId(projectId)
                .provider(ModelProvider.MOCK).model(model).endpoint(ModelEndpoint.CHAT).build()).body().config().id();
    }

    @Test
    void createListUpdateSampleAndDelete() {
        String projectId = newProject("experiments");
        String a = register(projectId, "a");
        String b = register(projectId, "b");

        ApiResponse<ExperimentResponse> created = experiments().create(projectId, CreateExperimentRequest.builder()
                .name("tone").positiveLabels(GOOD).configIds(a, b).build());
        assertThat(created.status()).isEqualTo(200);
        ExperimentResponse experiment = created.body();
        assertThat(experiment.id()).startsWith("exp_");
        assertThat(experiment.projectId()).isEqualTo(projectId);
        assertThat(experiment.status()).isEqualTo(ExperimentStatus.INITIALIZED);
        assertThat(experiment.positiveLabels()).containsExactly(GOOD);
        assertThat(experiment.metric()).isNotNull();
        assertThat(experiment.configs()).extracting(c -> c.config().id()).containsExactlyInAnyOrder(a, b);
        assertThat(experiment.configs()).allSatisfy(c -> {
            assertThat(c.active()).isTrue();
            assertThat(c.trialsCount()).isZero();
        });

        assertThat(experiments().list(projectId).body()).extracting(ExperimentResponse::id).containsExactly(experiment.id());

        ExperimentResponse updated = experiments().update(experiment.id(), UpdateExperimentRequest.builder()
                .name("tone-2").configIdsToDeregister(b).build()).body();
        assertThat(updated.name()).isEqualTo("tone-2");
        assertThat(updated.configs()).filteredOn(ExperimentConfigResponse::active).extracting(c -> c.config().id())
                .containsExactly(a);

        // Only the active config is drawn; its trial carries a log's feedback into the statistics.
        ProjectConfigResponse drawn = experiments().sample(experiment.id()).body();
        assertThat(drawn.config().id()).isEqualTo(a);
        assertThat(drawn.experimentId()).isEqualTo(experiment.id());
        assertThat(drawn.trialId()).isNotBlank();
        String logId = openloop.humanloop().logs().log(LogRequest.builder().projectId(projectId).trialId(drawn.trialId())
                .messages(List.of(ChatMessage.user("hi"))).output("hello").build()).body().id();
        openloop.humanloop().feedback(FeedbackRequest.of(logId, "rating", "good"));
        ExperimentResponse withTrial = experiments().list(projectId).body().getFirst();
        assertThat(withTrial.status()).isEqualTo(ExperimentStatus.IN_PROGRESS);
        ExperimentConfigResponse statistics = withTrial.configs().stream().filter(c -> c.config().id().equals(a))
                .findFirst().orElseThrow();
        assertThat(statistics.trialsCount()).isEqualTo(1);
        assertThat(statistics.mean()).isEqualTo(2.0 / 3.0);

        ApiResponse<Void> deleted = experiments().delete(experiment.id());
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(experiments().list(projectId).body()).isEmpty();
        assertThat(catchThrowableOfType(NotFoundException.class, () -> experiments().update(experiment.id(),
                UpdateExperimentRequest.builder().name("x").build())).status()).isEqualTo(404);
    }

    @Test
    void errorsAreTypedByStatus() {
        String projectId = newProject("experiment-errors");
        String only = register(projectId, "only");
        String experimentId = experiments().create(projectId, CreateExperimentRequest.builder().name("taken")
                .positiveLabels(GOOD).configIds(only).build()).body().id();

        ConflictException taken = catchThrowableOfType(ConflictException.class, () -> experiments().create(projectId,
                CreateExperimentRequest.builder().name("taken").positiveLabels(GOOD).build()));
        assertThat(taken.getMessage()).contains("'taken'");

        experiments().update(experimentId, UpdateExperimentRequest.builder().configIdsToDeregister(only).build());
        ConflictException nothingToDraw = catchThrowableOfType(ConflictException.class, () -> experiments().sample(experimentId));
        assertThat(nothingToDraw.status()).isEqualTo(409);

        // The builder refuses a request without positive labels; the record made directly reaches the server.
        UnprocessableEntityException noLabels = catchThrowableOfType(UnprocessableEntityException.class,
                () -> experiments().create(projectId, new CreateExperimentRequest("unlabelled", null, null, null)));
        assertThat(noLabels.validationErrors()).containsExactly(
                new ValidationError(List.of("body", "positive_labels"), "field required", "value_error.missing"));

        assertThat(catchThrowableOfType(NotFoundException.class, () -> experiments().list("pr_unknown")).status()).isEqualTo(404);
        assertThat(catchThrowableOfType(NotFoundException.class, () -> experiments().sample("exp_unknown")).status()).isEqualTo(404);
        assertThat(catchThrowableOfType(NotFoundException.class, () -> experiments().delete("exp_unknown")).status()).isEqualTo(404);
        assertThat(catchThrowableOfType(NotFoundException.class, () -> experiments().create(projectId, CreateExperimentRequest
                .builder().name("ghost").positiveLabels(GOOD).configIds("config_unknown").build())).status()).isEqualTo(404);
    }
}
