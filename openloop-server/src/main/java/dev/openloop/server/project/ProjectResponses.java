package dev.openloop.server.project;

import dev.openloop.api.experiment.ExperimentResponse;
import dev.openloop.api.project.EnvironmentProjectConfigResponse;
import dev.openloop.api.project.ProjectConfigResponse;
import dev.openloop.api.project.ProjectResponse;
import dev.openloop.server.chatlog.LogStore;
import dev.openloop.server.deployment.Deployment;
import dev.openloop.server.deployment.DeploymentStore;
import dev.openloop.server.environment.Environment;
import dev.openloop.server.environment.EnvironmentStore;
import dev.openloop.server.experiment.Experiments;
import dev.openloop.server.modelconfig.ModelConfigStore;
import dev.openloop.server.modelconfig.ProjectConfigs;
import dev.openloop.server.store.Timestamps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Builds the answers about projects: the project itself and what it has deployed. */
public final class ProjectResponses {
    /** OpenLoop serves one team; v4 answers still name it. */
    static final String TEAM_ID = "tm_OpenLoopDefaultTeam0";

    private final ProjectStore projects;
    private final FeedbackTypes feedbackTypes;
    private final DeploymentStore deployments;
    private final EnvironmentStore environments;
    private final ProjectConfigs projectConfigs;
    private final ModelConfigStore configs;
    private final Experiments experiments;
    private final LogStore logs;

    public ProjectResponses(ProjectStore projects, FeedbackTypes feedbackTypes, DeploymentStore deployments,
            EnvironmentStore environments, ProjectConfigs projectConfigs, ModelConfigStore configs, Experiments experiments,
            LogStore logs) {
        this.projects = projects;
        this.feedbackTypes = feedbackTypes;
        this.deployments = deployments;
        this.environments = environments;
        this.projectConfigs = projectConfigs;
        this.configs = configs;
        this.experiments = experiments;
        this.logs = logs;
    }

    /** The answer for {@code project}; its active config or experiment is the default environment's deployment. */
    public ProjectResponse of(Project project) {
        Environment defaultEnvironment = environments.defaultEnvironment();
        Deployment deployment = deployments.find(project.id(), defaultEnvironment.id()).orElse(null);
        ProjectConfigResponse activeConfig = null;
        ExperimentResponse activeExperiment = null;
        if (deployment != null && deployment.configId() != null) {
            activeConfig = projectConfigs.find(project.id(), deployment.configId())
                    .map(used -> projectConfigs.response(used, null, null, defaultEnvironment.id()))
                    .orElse(null);
        } else if (deployment != null && deployment.experimentId() != null) {
            activeExperiment = experiments.store().find(deployment.experimentId()).map(experiments::response).orElse(null);
        }
        return new ProjectResponse(
                project.id(),
                project.name(),
                activeExperiment,
                activeConfig,
                List.of(),
                logs.countOfProject(project.id()),
                feedbackTypes.of(project.id()),
                TEAM_ID,
                projectConfigs.any(project.id()) ? "model" : null,
                List.of(),
                project.directoryId(),
                Timestamps.at(project.createdAt()),
                Timestamps.at(project.updatedAt()));
    }

    /** What {@code project} has deployed to each environment; nulls where nothing is. */
    public List<EnvironmentProjectConfigResponse> deployed(Project project) {
        Map<String, Deployment> byEnvironment = deployments.list(project.id()).stream()
                .collect(Collectors.toMap(Deployment::environmentId, Function.identity()));
        List<EnvironmentProjectConfigResponse> answer = new ArrayList<>();
        for (Environment environment : environments.list()) {
            Deployment deployment = byEnvironment.get(environment.id());
            String configId = deployment == null ? null : deployment.configId();
            String experimentId = deployment == null ? null : deployment.experimentId();
            answer.add(new EnvironmentProjectConfigResponse(
                    project.id(),
                    project.name(),
                    configId,
                    configId == null ? null : configs.get(configId).config().name(),
                    experimentId,
                    experimentId == null ? null : experiments.store().find(experimentId).map(e -> e.name()).orElse(null),
                    environment.id(),
                    environment.name(),
                    environment.tag()));
        }
        return answer;
    }
}
