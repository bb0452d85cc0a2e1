package dev.openloop.server.chat;

import dev.openloop.api.chat.ChatRequest;
import dev.openloop.server.project.Project;
import java.util.List;

/** Where a chat endpoint takes its config from: inline, registered, deployed or drawn from an experiment. */
interface ConfigSource {

    /**
     * The config of each sample, and the project the logs go to.
     *
     * @param request the request
     * @param project the project the request named, or null
     * @param samples how many samples are asked for
     */
    SampleConfigs resolve(ChatRequest request, Project project, int samples);

    /**
     * What a source resolved.
     *
     * @param project the project of the logs: the request's, or the experiment's; may be null
     * @param configs one config per sample, by index
     */
    record SampleConfigs(Project project, List<ResolvedConfig> configs) {
    }
}
