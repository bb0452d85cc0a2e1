package dev.openloop.server.chat;

import dev.openloop.api.chat.ChatRequest;
import dev.openloop.server.project.Project;
import java.util.List;

/** Where a chat endpoint takes its config from: inline, registered, deployed or drawn from an experiment. */
interface ConfigSource {

    /**
     * The config of each sample.
     *
     * @param request the request
     * @param project the project, or null when the request named none
     * @param samples how many samples are asked for
     * @return one config per sample, by index
     */
    List<ResolvedConfig> resolve(ChatRequest request, Project project, int samples);
}
