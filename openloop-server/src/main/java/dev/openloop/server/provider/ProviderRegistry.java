package dev.openloop.server.provider;

import dev.openloop.api.config.ModelProvider;
import dev.openloop.server.routing.CircuitBreaker;
import java.time.Clock;
import java.util.EnumMap;
import java.util.TreeMap;
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

    /**
     * The same providers, each behind a circuit breaker of its own ({@link GuardedProvider}), timed
     * by {@code clock}.
     */
    public ProviderRegistry guarded(ProviderSettings.Breaker settings, Clock clock) {
        return new ProviderRegistry(providers.values().stream()
                .map(provider -> new GuardedProvider(provider, new CircuitBreaker(clock, settings.failures(),
                        settings.firstOpen(), settings.maxOpen())))
                .toArray(Provider[]::new));
    }

    /** The breaker of each provider, by its wire name; none before {@link #guarded}. */
    public Map<String, CircuitBreaker> breakers() {
        Map<String, CircuitBreaker> breakers = new TreeMap<>();
        for (Provider provider : providers.values()) {
            Provider inner = provider instanceof MeteredProvider metered ? metered.inner() : provider;
            if (inner instanceof GuardedProvider guarded) {
                breakers.put(provider.id().wire(), guarded.breaker());
            }
        }
        return breakers;
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
