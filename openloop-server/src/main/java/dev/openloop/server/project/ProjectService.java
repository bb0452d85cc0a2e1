package dev.openloop.server.project;

import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.experiment.CreateExperimentRequest;
import dev.openloop.api.project.FeedbackTypeModel;
import dev.openloop.api.project.FeedbackTypeRequest;
import dev.openloop.api.project.UpdateProjectRequest;
import dev.openloop.server.deployment.DeploymentStore;
import dev.openloop.server.environment.Environment;
import dev.openloop.server.environment.EnvironmentStore;
import dev.openloop.server.experiment.Experiment;
import dev.openloop.server.experiment.ExperimentStore;
import dev.openloop.server.json.Json;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.modelconfig.FallbackChecks;
import dev.openloop.server.modelconfig.ModelConfigStore;
import dev.openloop.server.modelconfig.StoredConfig;
import dev.openloop.server.store.LockOrder;
import dev.openloop.server.store.Transactions;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The changes to a project that write several rows. Each finds what it names first, then writes in
 * one transaction (the stores' calls join it, as Jdbi hands them this thread's open handle), so a
 * refused request changes nothing and another node never sees half of one. Rows named by a list of
 * ids are written in one order ({@link LockOrder}), so that two requests naming some of the same
 * rows wait for each other rather than deadlock; a transaction that loses a conflict anyway runs
 * once more ({@link Transactions}).
 */
public final class ProjectService {
    private final Jdbi jdbi;
    private final ProjectStore projects;
    private final FeedbackTypes feedbackTypes;
    private final ModelConfigStore configs;
    private final EnvironmentStore environments;
    private final DeploymentStore deployments;
    private final ProjectDeployments deploy;
    private final ExperimentStore experiments;

    public ProjectService(Jdbi jdbi, ProjectStore projects, FeedbackTypes feedbackTypes, ModelConfigStore configs,
            EnvironmentStore environments, DeploymentStore deployments, ProjectDeployments deploy,
            ExperimentStore experiments) {
        this.jdbi = jdbi;
        this.projects = projects;
        this.feedbackTypes = feedbackTypes;
        this.configs = configs;
        this.environments = environments;
        this.deployments = deployments;
        this.deploy = deploy;
        this.experiments = experiments;
    }

    /** A new project with its feedback types ({@code types} may be null). */
    public Project create(String name, String directoryId, List<FeedbackTypeRequest> types) {
        return Transactions.inTransaction(jdbi, h -> {
            Project created = projects.create(name, directoryId);
            if (types != null) {
                types.forEach(type -> feedbackTypes.upsert(created.id(), type));
            }
            return created;
        });
    }

    /**
     * Changes what {@code request} gives: name, directory, positive labels, the default
     * environment's deployment. A taken name (409) rolls every change back.
     */
    public void update(Project project, UpdateProjectRequest request) {
        String name = request.name() == null ? null : request.name().strip();
        StoredConfig activeConfig = request.activeConfigId() == null ? null : deploy.config(request.activeConfigId());
        Experiment activeExperiment = request.activeExperimentId() == null ? null
                : deploy.experimentOf(project, request.activeExperimentId());
        Environment defaultEnvironment = environments.defaultEnvironment();
        Transactions.useTransaction(jdbi, h -> {
            if (name != null) {
                projects.rename(project.id(), name);
            }
            if (request.directoryId() != null) {
                projects.moveTo(project.id(), request.directoryId());
            }
            if (request.positiveLabels() != null) {
                projects.setPositiveLabels(project.id(), Json.text(request.positiveLabels()));
            }
            if (activeConfig != null) {
                deploy.deployConfig(project, defaultEnvironment, activeConfig);
            }
            if (activeExperiment != null) {
                deploy.deployExperiment(project, defaultEnvironment, activeExperiment);
            }
        });
    }

    /** Deletes the project; its logs go with it, and the experiment counts they are in change in the same transaction. */
    public void delete(Project project) {
        Transactions.useTransaction(jdbi, h -> {
            experiments.forgetLogsOfProject(project.id());
            projects.delete(project.id());
        });
        configs.forgetProject(project.id());
    }

    /**
     * Deploys a config or an experiment (one of the two ids is given) to {@code environmentIds},
     * or to the default environment when there are none.
     */
    public void deploy(Project project, List<String> environmentIds, String configId, String experimentId) {
        List<Environment> targets = environmentIds == null || environmentIds.isEmpty()
                ? List.of(environments.defaultEnvironment())
                : LockOrder.of(environmentIds).stream().map(environments::get).toList();
        StoredConfig config = configId == null ? null : deploy.config(configId);
        Experiment experiment = experimentId == null ? null : deploy.experimentOf(project, experimentId);
        Transactions.useTransaction(jdbi, h -> {
            for (Environment environment : targets) {
                if (config != null) {
                    deploy.deployConfig(project, environment, config);
                } else {
                    deploy.deployExperiment(project, environment, experiment);
                }
            }
        });
    }

    /** Adds or replaces one feedback type. */
    public FeedbackTypeModel putFeedbackType(Project project, FeedbackTypeRequest type) {
        return Transactions.inTransaction(jdbi, h -> {
            FeedbackTypeModel upserted = feedbackTypes.upsert(project.id(), type);
            projects.touch(project.id());
            return upserted;
        });
    }

    /** Adds or replaces several feedback types, in the order given. */
    public void putFeedbackTypes(Project project, Collection<FeedbackTypeRequest> types) {
        Transactions.useTransaction(jdbi, h -> {
            types.forEach(type -> feedbackTypes.upsert(project.id(), type));
            projects.touch(project.id());
        });
    }

    /**
     * A new experiment of the project. The configs are found before anything is written; the
     * experiment, the configs joining the project and the deployment are then written in one
     * transaction, or not at all.
     */
    public Experiment createExperiment(Project project, CreateExperimentRequest request) {
        List<String> configIds = request.configIds() == null ? List.of() : LockOrder.of(request.configIds());
        configIds.forEach(configs::get);
        Environment defaultEnvironment = environments.defaultEnvironment();
        return Transactions.inTransaction(jdbi, h -> {
            configIds.forEach(configId -> configs.link(project.id(), configId));
            Experiment created = experiments.create(project.id(), request.name().strip(), request.positiveLabels(),
                    configIds);
            if (Boolean.TRUE.equals(request.setActive())) {
                deploy.deployExperiment(project, defaultEnvironment, created);
            }
            return created;
        });
    }

    /** What registering a config wrote: the project it joined (created when new) and its version. */
    public record RegisteredConfig(Project project, StoredConfig config) {
    }

    /**
     * Registers {@code config} to a project: {@code named}, or else the project called
     * {@code projectName}, created when new; and to {@code experiment} when one is given. The
     * first config registered to a project becomes its active config (v4). What the request names
     * was found by the caller before; the writes share one transaction.
     */
    public RegisteredConfig registerConfig(Project named, String projectName, ModelConfigRequest config,
            Experiment experiment) {
        Refusal.Problems problems = new Refusal.Problems();
        FallbackChecks.check(config.fallbacks(), configs, Refusal.at("fallbacks"), problems);
        if (!problems.isEmpty()) {
            throw problems.refusal();
        }
        return Transactions.inTransaction(jdbi, h -> {
            Project project = named != null ? named : projects.findOrCreateByName(projectName);
            StoredConfig version = configs.register(config);
            if (config.fallbacks() != null) {
                configs.setFallbacks(version.id(), config.fallbacks());
            }
            configs.link(project.id(), version.id());
            if (experiment != null) {
                experiments.register(experiment.id(), List.of(version.id()));
            }
            deployments.deployConfigIfEmpty(project.id(), environments.defaultEnvironment().id(), version.id());
            return new RegisteredConfig(project, version);
        });
    }
}
