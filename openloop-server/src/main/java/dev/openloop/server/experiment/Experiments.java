package dev.openloop.server.experiment;

import dev.openloop.api.experiment.BaseMetricResponse;
import dev.openloop.api.experiment.ExperimentConfigResponse;
import dev.openloop.api.experiment.ExperimentResponse;
import dev.openloop.api.experiment.ExperimentStatus;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.modelconfig.ModelConfigResponses;
import dev.openloop.server.modelconfig.ModelConfigStore;
import dev.openloop.server.modelconfig.StoredConfig;
import dev.openloop.server.store.Ids;
import dev.openloop.server.store.Timestamps;
import java.util.ArrayList;
import java.util.List;

/** What the chat endpoints and the routes ask of experiments: draws, and their answers. */
public final class Experiments {
    /** The one metric OpenLoop's experiments optimise. */
    private static final String METRIC_ID = "metric_PositiveLabelRate0001";

    private final ExperimentStore store;
    private final ModelConfigStore configs;
    private final ThompsonSampler sampler;

    public Experiments(ExperimentStore store, ModelConfigStore configs, ThompsonSampler sampler) {
        this.store = store;
        this.configs = configs;
        this.sampler = sampler;
    }

    /** The store behind these. */
    public ExperimentStore store() {
        return store;
    }

    /**
     * One draw of a config.
     *
     * @param experimentId the experiment
     * @param config the config drawn
     * @param trialId a new id for this trial
     */
    public record Draw(String experimentId, StoredConfig config, String trialId) {
    }

    /**
     * Draws {@code samples} configs, each independently, from the experiment's current counts.
     * 409 when the experiment has no active config.
     */
    public List<Draw> draw(String experimentId, int samples) {
        List<ExperimentConfig> active = store.configs(experimentId).stream().filter(ExperimentConfig::active).toList();
        if (active.isEmpty()) {
            throw Refusal.conflict("Experiment " + experimentId + " has no active config to draw");
        }
        List<Draw> draws = new ArrayList<>(samples);
        for (int i = 0; i < samples; i++) {
            ExperimentConfig chosen = sampler.choose(active);
            draws.add(new Draw(experimentId, configs.get(chosen.configId()), Ids.next("trial_")));
        }
        return draws;
    }

    /** The answer for an experiment, with each config's statistics. */
    public ExperimentResponse response(Experiment experiment) {
        List<ExperimentConfig> experimentConfigs = store.configs(experiment.id());
        boolean started = experimentConfigs.stream().anyMatch(config -> config.trials() > 0);
        List<ExperimentConfigResponse> configResponses = experimentConfigs.stream().map(config -> {
            StoredConfig stored = configs.get(config.configId());
            return new ExperimentConfigResponse(config.configId(), stored.config().name(), ModelConfigResponses.of(stored, configs),
                    config.mean(), config.spread(), config.trials(), config.active(),
                    Timestamps.at(config.createdAt()), Timestamps.at(config.updatedAt()));
        }).toList();
        BaseMetricResponse metric = new BaseMetricResponse(METRIC_ID, "Positive label rate",
                "The share of trials whose latest feedback matches one of the experiment's positive labels",
                "success if the latest feedback of a positive label's type matches a positive label", true, true,
                Timestamps.at(experiment.createdAt()), Timestamps.at(experiment.createdAt()));
        return new ExperimentResponse(experiment.id(), experiment.projectId(), experiment.name(),
                started ? ExperimentStatus.IN_PROGRESS : ExperimentStatus.INITIALIZED, configResponses, metric,
                experiment.labels(), Timestamps.at(experiment.createdAt()), Timestamps.at(experiment.updatedAt()));
    }
}
