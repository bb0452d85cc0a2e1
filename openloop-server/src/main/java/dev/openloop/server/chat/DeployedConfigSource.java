package dev.openloop.server.chat;

import dev.openloop.server.deployment.Deployment;
import dev.openloop.server.deployment.DeploymentStore;
import dev.openloop.server.environment.Environment;
import dev.openloop.server.environment.EnvironmentStore;
import dev.openloop.server.experiment.Experiments;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.modelconfig.ModelConfigStore;
import java.util.Collections;
import java.util.Optional;

/**
 * {@code /chat-deployed}: what the project deployed to the named environment (the default one
 * when none is named): a config, or an experiment to draw each sample from. The logs record the
 * environment.
 */
final class DeployedConfigSource implements ConfigSource<ChatCall.ConfigChoice.Deployed> {
    private final EnvironmentStore environments;
    private final DeploymentStore deployments;
    private final ModelConfigStore configs;
    private final Experiments experiments;

    DeployedConfigSource(EnvironmentStore environments, DeploymentStore deployments, ModelConfigStore configs,
            Experiments experiments) {
        this.environments = environments;
        this.deployments = deployments;
        this.configs = configs;
        this.experiments = experiments;
    }

    @Override
    public SampleConfigs resolve(ChatCall.ConfigChoice.Deployed choice, RequestedProject project, int samples) {
        if (project.isNone()) {
            throw Refusal.invalid(Refusal.at("project_id"),
                    "field required: name the project whose deployment to use, by project_id or project", "value_error.missing");
        }
        Environment environment = environments.cachedByNameOrDefault(choice.environment());
        // A project named for the first time has nothing deployed yet.
        Optional<Deployment> found = project.existing() == null ? Optional.empty()
                : deployments.cachedFind(project.id(), environment.id());
        Deployment deployment = found.orElseThrow(() -> Refusal.notFound("Project " + project.describe()
                + " has nothing deployed to environment '" + environment.name() + "'"));
        if (deployment.experimentId() != null) {
            return new SampleConfigs(project, ExperimentConfigSource.draws(experiments, deployment.experimentId(), samples,
                    environment.id()));
        }
        ResolvedConfig config = new ResolvedConfig(configs.get(deployment.configId()), null, null, environment.id());
        return new SampleConfigs(project, Collections.nCopies(samples, config));
    }
}
