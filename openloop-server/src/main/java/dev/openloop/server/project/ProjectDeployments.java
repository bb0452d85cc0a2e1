package dev.openloop.server.project;

import dev.openloop.server.deployment.DeploymentStore;
import dev.openloop.server.environment.Environment;
import dev.openloop.server.experiment.Experiment;
import dev.openloop.server.experiment.ExperimentStore;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.modelconfig.ModelConfigStore;
import dev.openloop.server.modelconfig.StoredConfig;

/**
 * Deploys what a project may deploy: its configs (any stored config joins the project) and its own
 * experiments. What to deploy is found first ({@link #config}, {@link #experimentOf}), so that a
 * request naming something unknown is refused before it writes anything.
 */
public final class ProjectDeployments {
    private final DeploymentStore deployments;
    private final ModelConfigStore configs;
    private final ExperimentStore experiments;

    public ProjectDeployments(DeploymentStore deployments, ModelConfigStore configs, ExperimentStore experiments) {
        this.deployments = deployments;
        this.configs = configs;
        this.experiments = experiments;
    }

    /** The config {@code configId}; 404 when there is none. */
    public StoredConfig config(String configId) {
        return configs.get(configId);
    }

    /** Experiment {@code experimentId}; 404 when it is not one of the project's. */
    public Experiment experimentOf(Project project, String experimentId) {
        Experiment experiment = experiments.get(experimentId);
        if (!experiment.projectId().equals(project.id())) {
            throw Refusal.notFound("Experiment " + experimentId + " is not an experiment of project " + project.id());
        }
        return experiment;
    }

    /** Deploys {@code config} to {@code environment}, making it one of the project's configs. */
    public void deployConfig(Project project, Environment environment, StoredConfig config) {
        configs.link(project.id(), config.id());
        deployments.deployConfig(project.id(), environment.id(), config.id());
    }

    /** Deploys {@code experiment}, one of the project's, to {@code environment}. */
    public void deployExperiment(Project project, Environment environment, Experiment experiment) {
        deployments.deployExperiment(project.id(), environment.id(), experiment.id());
    }
}
