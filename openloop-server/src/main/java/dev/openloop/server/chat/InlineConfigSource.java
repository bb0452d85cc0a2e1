package dev.openloop.server.chat;

import dev.openloop.api.chat.ChatRequest;
import dev.openloop.server.modelconfig.ModelConfigStore;
import dev.openloop.server.modelconfig.StoredConfig;
import java.util.Collections;
import java.util.List;

/**
 * {@code /chat}: the config given inline is the version its parameters make. The version is
 * stored (when new) only once the request is going to be served.
 */
final class InlineConfigSource implements ConfigSource {
    private final ModelConfigStore configs;

    InlineConfigSource(ModelConfigStore configs) {
        this.configs = configs;
    }

    @Override
    public SampleConfigs resolve(ChatRequest request, RequestedProject project, int samples) {
        StoredConfig version = configs.versionOf(request.modelConfig());
        return new SampleConfigs(project, Collections.nCopies(samples, ResolvedConfig.direct(version)));
    }

    @Override
    public List<ResolvedConfig> store(ChatRequest request, List<ResolvedConfig> resolved) {
        StoredConfig stored = configs.register(request.modelConfig());
        return Collections.nCopies(resolved.size(), ResolvedConfig.direct(stored));
    }
}
