package dev.openloop.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.config.ModelEndpoint;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.api.config.ProjectModelConfigRequest;
import dev.openloop.api.environment.EnvironmentResponse;
import dev.openloop.api.error.ValidationError;
import dev.openloop.api.experiment.CreateExperimentRequest;
import dev.openloop.api.log.LogRequest;
import dev.openloop.api.log.LogResponse;
import dev.openloop.api.project.CreateProjectRequest;
import dev.openloop.api.project.EnvironmentProjectConfigRequest;
import dev.openloop.api.project.EnvironmentProjectConfigResponse;
import dev.openloop.api.project.EnvironmentRequest;
import dev.openloop.api.project.FeedbackClass;
import dev.openloop.api.project.FeedbackLabel;
import dev.openloop.api.project.FeedbackTypeModel;
import dev.openloop.api.project.FeedbackTypeRequest;
import dev.openloop.api.project.LabelSentiment;
import dev.openloop.api.project.PositiveLabel;
import dev.openloop.api.project.ProjectConfigResponse;
import dev.openloop.api.project.ProjectResponse;
import dev.openloop.api.project.UpdateProjectRequest;
import dev.openloop.client.testing.NodeWithClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code humanloop.projects()} against a real OpenLoop node: every call, paging, and typed errors. */
class ProjectsTest {
    @RegisterExtension
    static final NodeWithClient openloop = new NodeWithClient();

    private static Projects projects() {
        return openloop.humanloop().projects();
    }

    private static String newProject(String name) {
        return projects().create(CreateProjectRequest.named(name)).body().id();
    }

    private static String register(String projectId, String model) {
        return openloop.humanloop().modelConfigs().register(ProjectModelConfigRequest.builder().projectId(projectId)
                .provider(ModelProvider.MOCK).model(model).endpoint(ModelEndpoint.CHAT).build()).body().config().id();
    }

    @Test
    void createGetUpdateAndDeleteAProject() {
        ApiResponse<ProjectResponse> created = projects().create(CreateProjectRequest.builder()
                .name("crud")
                .feedbackTypes(FeedbackTypeRequest.builder().type("tone")
                        .values(new FeedbackLabel("warm", LabelSentiment.POSITIVE)).build())
                .build());

        assertThat(created.status()).isEqualTo(201);
        ProjectResponse project = created.body();
        assertThat(project.id()).startsWith("pr_");
        assertThat(project.name()).isEqualTo("crud");
        assertThat(project.dataCount()).isZero();
        assertThat(project.feedbackTypes()).extracting(FeedbackTypeModel::type)
                .containsExactly("rating", "action", "issue", "correction", "comment", "tone");
        assertThat(project.feedbackTypes().getLast().values())
                .containsExactly(new FeedbackLabel("warm", LabelSentiment.POSITIVE));
        assertThat(created.rawBody().get("id").asText()).isEqualTo(project.id());

        ApiResponse<ProjectResponse> got = projects().get(project.id());
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body().name()).isEqualTo("crud");

        ProjectResponse renamed = projects().update(project.id(), UpdateProjectRequest.builder().name("crud-renamed")
                .directoryId("dir_7").build()).body();
        assertThat(renamed.name()).isEqualTo("crud-renamed");
        assertThat(renamed.directoryId()).isEqualTo("dir_7");
        assertThat(renamed.feedbackTypes()).hasSize(6);

        ApiResponse<Void> deleted = projects().delete(project.id());
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isNull();

        NotFoundException gone = catchThrowableOfType(NotFoundException.class, () -> projects().get(project.id()));
        assertThat(gone.status()).isEqualTo(404);
        assertThatThrownBy(() -> projects().delete(project.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aListIsPagedAndItsIteratorFetchesEveryPageInTurn() {
        for (int i = 6; i >= 0; i--) {
            newProject("paging-" + i);
        }
        ProjectListParams params = ProjectListParams.builder().filter("PAGING-").size(3)
                .sortBy(ProjectListParams.SortBy.NAME).order(ProjectListParams.Order.ASC).build();

        Page<ProjectResponse> first = projects().list(params);
        assertThat(first.response().status()).isEqualTo(200);
        assertThat(first.page()).isZero();
        assertThat(first.size()).isEqualTo(3);
        assertThat(first.total()).isEqualTo(7);
        assertThat(first.items()).extracting(ProjectResponse::name).containsExactly("paging-0", "paging-1", "paging-2");
        assertThat(first.hasNext()).isTrue();

        Page<ProjectResponse> second = first.next();
        assertThat(second.page()).isEqualTo(1);
        assertThat(second.items()).extracting(ProjectResponse::name).containsExactly("paging-3", "paging-4", "paging-5");
        assertThat(second.hasNext()).isTrue();

        Page<ProjectResponse> third = second.next();
        assertThat(third.page()).isEqualTo(2);
        assertThat(third.items()).extracting(ProjectResponse::name).containsExactly("paging-6");
        // 3 pages of 3 hold the 7: no fourth page is asked for.
        assertThat(third.hasNext()).isFalse();
        assertThatThrownBy(third::next).isInstanceOf(NoSuchElementException.class);

        List<String> all = new ArrayList<>();
        for (ProjectResponse project : first.autoPager()) {
            all.add(project.name());
        }
        assertThat(all).containsExactly("paging-0", "paging-1", "paging-2", "paging-3", "paging-4", "paging-5", "paging-6");
        List<Integer> pageNumbers = new ArrayList<>();
        first.pages().forEach(page -> pageNumbers.add(page.page()));
        assertThat(pageNumbers).containsExactly(0, 1, 2);

        Page<ProjectResponse> descending = projects().list(ProjectListParams.builder().filter("paging-").size(2)
                .sortBy(ProjectListParams.SortBy.NAME).order(ProjectListParams.Order.DESC).page(3).build());
        assertThat(descending.items()).extracting(ProjectResponse::name).containsExactly("paging-0");
        assertThat(descending.hasNext()).isFalse();

        Page<ProjectResponse> byDefault = projects().list();
        assertThat(byDefault.page()).isZero();
        assertThat(byDefault.size()).isEqualTo(10);
        assertThat(byDefault.total()).isGreaterThanOrEqualTo(7);
    }

    @Test
    void configsAndWhatIsDeployedWhere() {
        String projectId = newProject("deployments");
        String first = register(projectId, "first");
        String second = register(projectId, "second");

        assertThat(projects().listConfigs(projectId).body()).extracting(c -> c.config().id())
                .containsExactlyInAnyOrder(first, second);

        // The first config registered is deployed to the default environment.
        ProjectConfigResponse active = projects().getActiveConfig(projectId).body();
        assertThat(active.config().id()).isEqualTo(first);
        assertThat(active.projectId()).isEqualTo(projectId);
        assertThat(active.environmentId()).startsWith("env_");
        assertThat(projects().get(projectId).body().activeConfig().config().id()).isEqualTo(first);

        // An environment name that would break a URL if it were not encoded.
        EnvironmentResponse review = openloop.humanloop().environments().create("qa & review/1?#").body();
        List<EnvironmentProjectConfigResponse> deployed = projects().deployConfig(projectId, EnvironmentProjectConfigRequest
                .builder().configId(second).environments(new EnvironmentRequest(review.id(), review.name())).build()).body();
        assertThat(deployed).extracting(EnvironmentProjectConfigResponse::environmentName, EnvironmentProjectConfigResponse::modelConfigId)
                .contains(tuple("production", first),
                        tuple("qa & review/1?#", second));
        assertThat(projects().listDeployedConfigs(projectId).body()).isEqualTo(deployed);
        assertThat(projects().getActiveConfig(projectId, "qa & review/1?#").body().config().id()).isEqualTo(second);

        ProjectResponse afterDeactivation = projects().deactivateConfig(projectId, "qa & review/1?#").body();
        assertThat(afterDeactivation.id()).isEqualTo(projectId);
        NotFoundException nothingThere = catchThrowableOfType(NotFoundException.class,
                () -> projects().getActiveConfig(projectId, "qa & review/1?#"));
        assertThat(nothingThere.getMessage()).contains("qa & review/1?#");

        projects().deployConfig(projectId, EnvironmentProjectConfigRequest.builder().configId(second)
                .environments(new EnvironmentRequest(review.id(), null)).build());
        // OpenLoop answers with every environment, and nothing where nothing is deployed.
        JsonNode remaining = projects().deleteDeployedConfig(projectId, review.id()).body();
        assertThat(remaining.isArray()).isTrue();
        assertThat(remaining).extracting(d -> d.get("environment_name").asText() + "=" + d.path("model_config_id").asText("none"))
                .containsExactly("production=" + first, "qa & review/1?#=none");
        assertThat(projects().listDeployedConfigs(projectId).body())
                .extracting(EnvironmentProjectConfigResponse::environmentName, EnvironmentProjectConfigResponse::modelConfigId)
                .containsExactly(tuple("production", first), tuple("qa & review/1?#", null));

        assertThat(projects().deactivateConfig(projectId).body().activeConfig()).isNull();
        assertThatThrownBy(() -> projects().getActiveConfig(projectId)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> projects().getActiveConfig(projectId, "no-such-environment")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void anExperimentDeployedAsActiveIsDeactivated() {
        String projectId = newProject("active-experiment");
        String config = register(projectId, "only");
        String experimentId = openloop.humanloop().experiments().create(projectId, CreateExperimentRequest.builder().name("e")
                .positiveLabels(new PositiveLabel("rating", "good")).configIds(config).setActive(true).build()).body().id();
        assertThat(projects().get(projectId).body().activeExperiment().id()).isEqualTo(experimentId);

        // Drawing from the deployed experiment hands out a trial id.
        ProjectConfigResponse drawn = projects().getActiveConfig(projectId, "production").body();
        assertThat(drawn.trialId()).isNotBlank();
        assertThat(drawn.experimentId()).isEqualTo(experimentId);

        ProjectResponse project = projects().deactivateExperiment(projectId).body();
        assertThat(project.activeExperiment()).isNull();
        assertThat(projects().deactivateExperiment(projectId, "production").status()).isEqualTo(200);
    }

    @Test
    void feedbackTypesAreCreatedAndUpdated() {
        String projectId = newProject("feedback-types");

        ApiResponse<FeedbackTypeModel> created = projects().createFeedbackType(projectId, FeedbackTypeRequest.builder()
                .type("urgency").feedbackClass(FeedbackClass.SELECT)
                .values(new FeedbackLabel("high", LabelSentiment.NEGATIVE), new FeedbackLabel("low", LabelSentiment.POSITIVE))
                .build());
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body()).isEqualTo(new FeedbackTypeModel("urgency",
                List.of(new FeedbackLabel("high", LabelSentiment.NEGATIVE), new FeedbackLabel("low", LabelSentiment.POSITIVE))));

        List<FeedbackTypeModel> all = projects().updateFeedbackTypes(projectId, List.of(
                FeedbackTypeRequest.builder().type("urgency").values(new FeedbackLabel("now", LabelSentiment.NEUTRAL)).build(),
                FeedbackTypeRequest.builder().type("topic").feedbackClass(FeedbackClass.TEXT).build())).body();
        // The defaults first, then the project's own by name.
        assertThat(all).extracting(FeedbackTypeModel::type)
                .containsExactly("rating", "action", "issue", "correction", "comment", "topic", "urgency");
        assertThat(all.get(6).values()).containsExactly(new FeedbackLabel("now", LabelSentiment.NEUTRAL));

        UnprocessableEntityException invalid = catchThrowableOfType(UnprocessableEntityException.class,
                // The builder refuses a type without a name; the record made directly reaches the server.
                () -> projects().createFeedbackType(projectId, new FeedbackTypeRequest(null, null, null)));
        assertThat(invalid.validationErrors()).containsExactly(
                new ValidationError(List.of("body", "type"), "field required", "value_error.missing"));
    }

    @Test
    void exportPagesThroughTheProjectsLogsNewestFirst() {
        String projectId = newProject("export");
        String config = register(projectId, "exported");
        List<LogRequest> logs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            logs.add(LogRequest.builder().projectId(projectId).configId(config).messages(List.of(ChatMessage.user("q" + i)))
                    .output("out-" + i).createdAt(Instant.parse("2024-03-0" + (i + 1) + "T12:00:00Z")).build());
        }
        openloop.humanloop().logs().log(logs);

        Page<LogResponse> first = projects().export(projectId, 0, 2);
        assertThat(first.items()).extracting(LogResponse::output).containsExactly("out-4", "out-3");
        assertThat(first.total()).isEqualTo(5);
        List<String> outputs = new ArrayList<>();
        first.autoPager().forEach(log -> outputs.add(log.output()));
        assertThat(outputs).containsExactly("out-4", "out-3", "out-2", "out-1", "out-0");
        List<Integer> pageNumbers = new ArrayList<>();
        first.pages().forEach(page -> pageNumbers.add(page.page()));
        assertThat(pageNumbers).containsExactly(0, 1, 2);

        Page<LogResponse> byDefault = projects().export(projectId);
        assertThat(byDefault.size()).isEqualTo(10);
        assertThat(byDefault.items()).hasSize(5);
        assertThat(byDefault.hasNext()).isFalse();
    }

    @Test
    void errorsAreTypedByStatus() {
        newProject("taken");

        NotFoundException unknown = catchThrowableOfType(NotFoundException.class, () -> projects().get("pr_unknown"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.getMessage()).startsWith("404 Not Found: ").contains("pr_unknown");

        ConflictException conflict = catchThrowableOfType(ConflictException.class,
                () -> projects().create(CreateProjectRequest.named("taken")));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.reason()).isEqualTo("Conflict");
        assertThat(conflict.getMessage()).contains("'taken'");

        UnprocessableEntityException noName = catchThrowableOfType(UnprocessableEntityException.class,
                () -> projects().create(new CreateProjectRequest(null, null, null)));
        assertThat(noName.validationErrors()).containsExactly(
                new ValidationError(List.of("body", "name"), "field required", "value_error.missing"));

        UnprocessableEntityException badSize = catchThrowableOfType(UnprocessableEntityException.class,
                () -> projects().list(ProjectListParams.builder().size(0).page(-1).build()));
        assertThat(badSize.validationErrors()).extracting(ValidationError::loc)
                .containsExactlyInAnyOrder(List.of("query", "page"), List.of("query", "size"));

        String projectId = newProject("both-active");
        UnprocessableEntityException both = catchThrowableOfType(UnprocessableEntityException.class,
                () -> projects().update(projectId, UpdateProjectRequest.builder().activeConfigId("config_a")
                        .activeExperimentId("exp_b").build()));
        assertThat(both.validationErrors()).extracting(ValidationError::loc)
                .containsExactly(List.of("body", "active_experiment_id"));

        assertThatThrownBy(() -> projects().get(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> projects().get(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
