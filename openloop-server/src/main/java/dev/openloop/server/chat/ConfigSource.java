package dev.openloop.server.chat;

import dev.openloop.api.chat.ChatRequest;
import java.util.List;

/** Where a chat endpoint takes its config from: inline, registered, deployed or drawn from an experiment. */
interface ConfigSource {

    /**
     * The config of each sample, and the project the logs go to. Writes nothing: the request may
     * still be refused, and a refused request must leave nothing behind. What a source needs
     * stored is stored by {@link #store}, once the request is going to be served.
     *
     * @param request the request
     * @param project the project the request named, which may not exist yet
     * @param samples how many samples are asked for
     */
    SampleConfigs resolve(ChatRequest request, RequestedProject project, int samples);

    /**
     * Stores what {@link #resolve} found but did not store, and returns the configs as stored.
     * Called only for a request that is going to be served; most sources have nothing to store.
     */
    default List<ResolvedConfig> store(ChatRequest request, List<ResolvedConfig> configs) {
        return configs;
    }

    /**
     * What a source resolved.
     *
     * @param project the project of the logs: the request's, or the experiment's; may be none
     * @param configs one config per sample, by index
     */
    record SampleConfigs(RequestedProject project, List<ResolvedConfig> configs) {
    }
}
