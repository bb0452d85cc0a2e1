package dev.openloop.server.chat;

import dev.openloop.server.modelconfig.ModelConfigStore;
import java.util.Collections;

/** {@code /chat-model-config}: a stored config, by id; 404 when there is none. */
final class RegisteredConfigSource implements ConfigSource<ChatCall.ConfigChoice.Registered> {
    private final ModelConfigStore configs;

    RegisteredConfigSource(ModelConfigStore configs) {
        this.configs = configs;
    }

    @Override
    public SampleConfigs resolve(ChatCall.ConfigChoice.Registered choice, RequestedProject project, int samples) {
        return new SampleConfigs(project,
                Collections.nCopies(samples, ResolvedConfig.direct(configs.get(choice.configId()))));
    }
}
