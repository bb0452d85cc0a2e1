package dev.openloop.server.chat;

import dev.openloop.server.modelconfig.ModelConfigStore;
import java.util.Collections;

/**
 * {@code /chat}: the config given inline is the version its parameters make. The version is
 * stored (when new) only once the request is going to be served, as it was looked up: the config
 * is not hashed nor looked for a second time.
 */
final class InlineConfigSource implements ConfigSource<ChatCall.ConfigChoice.Inline> {
    private final ModelConfigStore configs;

    InlineConfigSource(ModelConfigStore configs) {
        this.configs = configs;
    }

    @Override
    public SampleConfigs resolve(ChatCall.ConfigChoice.Inline choice, RequestedProject project, int samples) {
        ModelConfigStore.Lookup lookup = configs.lookUp(choice.config());
        return new SampleConfigs(project, Collections.nCopies(samples, ResolvedConfig.direct(lookup.version())),
                () -> Collections.nCopies(samples, ResolvedConfig.direct(configs.store(lookup))));
    }
}
