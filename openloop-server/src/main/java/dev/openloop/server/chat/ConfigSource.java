package dev.openloop.server.chat;

import dev.openloop.api.chat.ChatRequest;
import java.util.List;
import java.util.function.Supplier;

/** Where a chat endpoint takes its config from: inline, registered, deployed or drawn from an experiment. */
interface ConfigSource {

    /**
     * The config of each sample, and the project the logs go to. Writes nothing: the request may
     * still be refused, and a refused request must leave nothing behind. What a source needs
     * stored is stored by {@link SampleConfigs#store}, once the request is going to be served.
     *
     * @param request the request
     * @param project the project the request named, which may not exist yet
     * @param samples how many samples are asked for
     */
    SampleConfigs resolve(ChatRequest request, RequestedProject project, int samples);

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
