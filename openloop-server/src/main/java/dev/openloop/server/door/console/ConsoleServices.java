package dev.openloop.server.door.console;

import dev.openloop.server.apikey.ApiKeyStore;
import dev.openloop.server.chatlog.LogStore;
import dev.openloop.server.deployment.DeploymentStore;
import dev.openloop.server.environment.EnvironmentStore;
import dev.openloop.server.experiment.Experiments;
import dev.openloop.server.feedback.FeedbackStore;
import dev.openloop.server.modelconfig.ModelConfigStore;
import dev.openloop.server.modelconfig.ProjectConfigs;
import dev.openloop.server.project.FeedbackTypes;
import dev.openloop.server.project.ProjectDeployments;
import dev.openloop.server.project.ProjectStore;

/** The node's stores and services the console reads and changes through, the same ones the API uses. */
public record ConsoleServices(
        ProjectStore projects,
        EnvironmentStore environments,
        DeploymentStore deployments,
        ProjectDeployments projectDeployments,
        ProjectConfigs projectConfigs,
        ModelConfigStore configs,
        FeedbackTypes feedbackTypes,
        Experiments experiments,
        LogStore logs,
        FeedbackStore feedback,
        ApiKeyStore keys) {
}
