package dev.openloop.server.provider;

import dev.openloop.api.config.ModelProvider;
import java.util.EnumMap;
import java.util.Map;

/** The providers this server can call, by name. */
public final class ProviderRegistry {
    private final Map<ModelProvider, Provider> providers = new EnumMap<>(ModelProvider.class);

    /** A registry of {@code providers}; the ones OpenLoop ships are {@code provider/catalog}'s. */
    public ProviderRegistry(Provider... providers) {
        for (Provider provider : providers) {
            this.providers.put(provider.id(), provider);
        }
    }

    /** The same providers, each call measured by {@code metrics} and traced by {@code spans}. */
    public ProviderRegistry observed(ProviderMetrics metrics, ProviderSpans spans) {
        return new ProviderRegistry(providers.values().stream()
                .map(provider -> new MeteredProvider(provider, metrics, spans)).toArray(Provider[]::new));
    }

    /** Whether {@code id} can be called here. */
    public boolean supports(ModelProvider id) {
        return providers.containsKey(id);
    }

    /** The provider for {@code id}; 422 when OpenLoop has none for it. */
    public Provider get(ModelProvider id) {
        Provider provider = providers.get(id);
        if (provider == null) {
            throw ProviderErrors.unsupportedProvider(id.wire());
        }
        return provider;
    }
}
