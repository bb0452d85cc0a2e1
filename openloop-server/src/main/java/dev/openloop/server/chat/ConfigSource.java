package dev.openloop.server.chat;

import java.util.List;
import java.util.function.Supplier;

/**
 * Where a call's configs come from, one source per kind of {@link ChatCall.ConfigChoice}: inline,
 * registered, deployed or drawn from an experiment.
 *
 * @param <C> the choice this source resolves
 */
interface ConfigSource<C extends ChatCall.ConfigChoice> {

    /**
     * The config of each sample, and the project the logs go to. Writes nothing: the request may
     * still be refused, and a refused request must leave nothing behind. What a source needs
     * stored is stored by {@link SampleConfigs#store}, once the request is going to be served.
     *
     * @param choice the call's choice of config
     * @param project the project the call named, which may not exist yet
     * @param samples how many samples are asked for
     */
    SampleConfigs resolve(C choice, RequestedProject project, int samples);

    /**
     * What a source resolved.
     *
     * @param project the project of the logs: the request's, or the experiment's; may be none
     * @param configs one config per sample, by index
     * @param storing stores what the source found but did not store, and gives the configs as
     *     stored; most sources have nothing to store
     */
    record SampleConfigs(RequestedProject project, List<ResolvedConfig> configs, Supplier<List<ResolvedConfig>> storing) {

        /** Configs that are all stored already. */
        SampleConfigs(RequestedProject project, List<ResolvedConfig> configs) {
            this(project, configs, () -> configs);
        }

        /** Stores what is not stored yet; called only for a request that is going to be served. */
        List<ResolvedConfig> store() {
            return storing.get();
        }
    }
}
