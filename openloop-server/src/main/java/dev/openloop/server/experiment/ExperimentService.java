package dev.openloop.server.experiment;

import dev.openloop.api.experiment.UpdateExperimentRequest;
import dev.openloop.server.modelconfig.ModelConfigStore;
import dev.openloop.server.store.LockOrder;
import dev.openloop.server.store.Transactions;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The changes to an experiment that write several rows. Every config a change names is found
 * before anything is written; the writes then share one transaction (the stores' calls join it),
 * which a taken name (409) rolls back, so a refused request changes nothing. The configs are
 * written in one order ({@link LockOrder}), so that two requests naming the same ones do not
 * deadlock.
 */
public final class ExperimentService {
    private final Jdbi jdbi;
    private final ExperimentStore experiments;
    private final ModelConfigStore configs;

    public ExperimentService(Jdbi jdbi, ExperimentStore experiments, ModelConfigStore configs) {
        this.jdbi = jdbi;
        this.experiments = experiments;
        this.configs = configs;
    }

    /** Renames, adds and removes configs, relabels, as {@code request} gives. */
    public void update(Experiment experiment, UpdateExperimentRequest request) {
        String name = request.name() == null ? null : request.name().strip();
        List<String> toRegister = request.configIdsToRegister() == null ? List.of()
                : LockOrder.of(request.configIdsToRegister());
        toRegister.forEach(configs::get);
        Transactions.useTransaction(jdbi, h -> {
            if (name != null) {
                experiments.rename(experiment, name);
            }
            if (!toRegister.isEmpty()) {
                toRegister.forEach(configId -> configs.link(experiment.projectId(), configId));
                experiments.register(experiment.id(), toRegister);
            }
            if (request.configIdsToDeregister() != null) {
                experiments.deregister(experiment.id(), request.configIdsToDeregister());
            }
            if (request.positiveLabels() != null) {
                experiments.relabel(experiment.id(), request.positiveLabels());
            }
        });
    }
}
