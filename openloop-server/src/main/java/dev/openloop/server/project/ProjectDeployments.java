package dev.openloop.server.project;

import dev.openloop.server.deployment.DeploymentStore;
import dev.openloop.server.environment.Environment;
import dev.openloop.server.experiment.Experiment;
import dev.openloop.server.experiment.ExperimentStore;
import dev.openloop.server.http.ApiException;
import dev.openloop.server.modelconfig.ModelConfigStore;

/** Deploys what a project may deploy: its configs (any stored config joins the project) and its own experiments. */
public final class ProjectDeployments {
    private final DeploymentStore deployments;
    private final ModelConfigStore configs;
    private final ExperimentStore experiments;

    public ProjectDeployments(DeploymentStore deployments, ModelConfigStore configs, ExperimentStore experiments) {
        this.deployments = deployments;
        this.configs = configs;
        this.experiments = experiments;
    }

    /** Deploys config {@code configId} to {@code environment}; 404 when there is no such config. */
    public void deployConfig(Project project, Environment environment, String configId) {
        configs.get(configId);
        configs.link(project.id(), configId);
        deployments.deployConfig(project.id(), environment.id(), configId);
    }

    /** Deploys experiment {@code experimentId}; 404 when it is not one of the project's. */
    public void deployExperiment(Project project, Environment environment, String experimentId) {
        Experiment experiment = experiments.get(experimentId);
        if (!experiment.projectId().equals(project.id())) {
            throw ApiException.notFound("Experiment " + experimentId + " is not an experiment of project " + project.id());
        }
        deployments.deployExperiment(project.id(), environment.id(), experimentId);
    }
}
