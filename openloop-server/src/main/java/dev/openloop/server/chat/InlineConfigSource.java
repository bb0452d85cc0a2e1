package dev.openloop.server.chat;

import dev.openloop.api.chat.ChatRequest;
import dev.openloop.server.modelconfig.ModelConfigStore;
import dev.openloop.server.modelconfig.StoredConfig;
import dev.openloop.server.project.Project;
import java.util.Collections;

/** {@code /chat}: the config given inline becomes (or is found as) a stored version. */
final class InlineConfigSource implements ConfigSource {
    private final ModelConfigStore configs;

    InlineConfigSource(ModelConfigStore configs) {
        this.configs = configs;
    }

    @Override
    public SampleConfigs resolve(ChatRequest request, Project project, int samples) {
        StoredConfig stored = configs.register(request.modelConfig());
        return new SampleConfigs(project, Collections.nCopies(samples, ResolvedConfig.direct(stored)));
    }
}
