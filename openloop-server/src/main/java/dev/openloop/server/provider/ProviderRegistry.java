package dev.openloop.server.provider;

import dev.openloop.api.config.ModelProvider;
import dev.openloop.server.provider.ai21.Ai21Provider;
import dev.openloop.server.provider.anthropic.AnthropicProvider;
import dev.openloop.server.provider.azure.AzureOpenAiProvider;
import dev.openloop.server.provider.cohere.CohereProvider;
import dev.openloop.server.provider.http.ProviderHttp;
import dev.openloop.server.provider.mock.MockProvider;
import dev.openloop.server.provider.openai.OpenAiProvider;
import java.util.EnumMap;
import java.util.Map;

/** The providers this server can call, by name. */
public final class ProviderRegistry {
    private final Map<ModelProvider, Provider> providers = new EnumMap<>(ModelProvider.class);
    private final ProviderMetrics metrics;
    private final ProviderSpans spans;

    private ProviderRegistry(ProviderMetrics metrics, ProviderSpans spans) {
        this.metrics = metrics;
        this.spans = spans;
    }

    /** The providers OpenLoop ships, configured from {@code settings}, their calls measured by {@code metrics} and traced by {@code spans} unless null. */
    public static ProviderRegistry standard(ProviderSettings settings, ProviderMetrics metrics, ProviderSpans spans) {
        ProviderHttp http = new ProviderHttp(settings);
        ProviderRegistry registry = new ProviderRegistry(metrics, spans);
        registry.add(new MockProvider());
        registry.add(new OpenAiProvider(http, settings));
        registry.add(new AzureOpenAiProvider(http, settings));
        registry.add(new AnthropicProvider(http, settings));
        registry.add(new CohereProvider(http, settings));
        registry.add(new Ai21Provider(http, settings));
        return registry;
    }

    private void add(Provider provider) {
        providers.put(provider.id(), metrics == null ? provider : new MeteredProvider(provider, metrics, spans));
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
