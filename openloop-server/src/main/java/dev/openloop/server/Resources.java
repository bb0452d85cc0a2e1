package dev.openloop.server;

import dev.openloop.server.catalog.Catalog;
import dev.openloop.server.chat.LogPlacement;
import dev.openloop.server.chatlog.LogStore;
import dev.openloop.server.deployment.DeploymentStore;
import dev.openloop.server.environment.EnvironmentStore;
import dev.openloop.server.experiment.ExperimentService;
import dev.openloop.server.experiment.ExperimentStore;
import dev.openloop.server.experiment.Experiments;
import dev.openloop.server.experiment.LogDeletion;
import dev.openloop.server.experiment.ThompsonSampler;
import dev.openloop.server.experiment.TrialOutcomes;
import dev.openloop.server.feedback.FeedbackStore;
import dev.openloop.server.modelconfig.ModelConfigStore;
import dev.openloop.server.modelconfig.ProjectConfigs;
import dev.openloop.server.project.FeedbackTypes;
import dev.openloop.server.project.ProjectDeployments;
import dev.openloop.server.project.ProjectResponses;
import dev.openloop.server.project.ProjectService;
import dev.openloop.server.project.ProjectStore;
import dev.openloop.server.session.SessionResponses;
import dev.openloop.server.session.SessionStore;
import dev.openloop.server.store.Database;
import org.jdbi.v3.core.Jdbi;

/**
 * The node's resources below the doors: each resource package's stores and services, made once
 * per node over its database, for every door to take what it needs.
 */
record Resources(Jdbi jdbi, EnvironmentStore environments, ProjectStore projects, SessionStore sessions, LogStore logs,
        ModelConfigStore configs, ProjectConfigs projectConfigs, DeploymentStore deployments,
        ExperimentStore experimentStore, Experiments experiments, ExperimentService experimentService,
        FeedbackStore feedback, FeedbackTypes feedbackTypes, LogPlacement placement, LogDeletion logDeletion, SessionResponses sessionResponses, ProjectResponses projectResponses,
        ProjectDeployments projectDeployments, ProjectService projectService) {

    /**
     * Makes every store and service over {@code database}, the default environment included; the
     * stores report their catalog changes to {@code catalog}, and keep copies it vouches for.
     */
    static Resources open(Database database, Catalog catalog, ServerConfig config) {
        Jdbi jdbi = database.jdbi();
        EnvironmentStore environments = new EnvironmentStore(jdbi, catalog);
        environments.ensureDefault();
        ProjectStore projects = new ProjectStore(jdbi, database.dialect(), catalog);
        LogStore logs = new LogStore(jdbi, database.dialect());
        SessionStore sessions = new SessionStore(jdbi, logs);
        ModelConfigStore configs = new ModelConfigStore(jdbi, catalog);
        ProjectConfigs projectConfigs = new ProjectConfigs(jdbi, configs, logs);
        DeploymentStore deployments = new DeploymentStore(jdbi, catalog);
        TrialOutcomes outcomes = new TrialOutcomes(database.dialect(), logs);
        ExperimentStore experimentStore = new ExperimentStore(jdbi, outcomes, logs, catalog);
        Experiments experiments = new Experiments(experimentStore, configs, new ThompsonSampler(config.experimentRandom()));
        FeedbackStore feedback = new FeedbackStore(jdbi, outcomes, logs);
        FeedbackTypes feedbackTypes = new FeedbackTypes(jdbi);
        LogPlacement placement = new LogPlacement(projects, sessions, logs);
        ProjectResponses projectResponses = new ProjectResponses(projects, feedbackTypes, deployments, environments,
                projectConfigs, configs, experiments, logs);
        ProjectDeployments projectDeployments = new ProjectDeployments(deployments, configs, experimentStore);
        return new Resources(jdbi, environments, projects, sessions, logs, configs, projectConfigs, deployments,
                experimentStore, experiments, new ExperimentService(jdbi, experimentStore, configs), feedback,
                feedbackTypes, placement, new LogDeletion(jdbi, logs, experimentStore),
                new SessionResponses(logs), projectResponses, projectDeployments,
                new ProjectService(jdbi, projects, feedbackTypes, configs, environments, deployments, projectDeployments,
                        experimentStore));
    }
}
