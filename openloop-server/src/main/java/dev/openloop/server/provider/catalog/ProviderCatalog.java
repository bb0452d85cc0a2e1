package dev.openloop.server.provider.catalog;

import dev.openloop.server.provider.ProviderRegistry;
import dev.openloop.server.provider.ProviderSettings;
import dev.openloop.server.provider.ai21.Ai21Provider;
import dev.openloop.server.provider.anthropic.AnthropicProvider;
import dev.openloop.server.provider.azure.AzureOpenAiProvider;
import dev.openloop.server.provider.cohere.CohereProvider;
import dev.openloop.server.provider.google.GoogleProvider;
import dev.openloop.server.provider.http.ProviderHttp;
import dev.openloop.server.provider.mock.MockProvider;
import dev.openloop.server.provider.openai.OpenAiProvider;

/**
 * The providers OpenLoop ships: adding one is its own package and one line here. It sits above
 * the adapters so that the {@code provider} package, which every adapter uses, names none of them.
 */
public final class ProviderCatalog {
    private ProviderCatalog() {
    }

    /** The providers OpenLoop ships, configured from {@code settings}. */
    public static ProviderRegistry standard(ProviderSettings settings) {
        ProviderHttp http = new ProviderHttp(settings);
        return new ProviderRegistry(
                new MockProvider(),
                new OpenAiProvider(http, settings),
                new AzureOpenAiProvider(http, settings),
                new AnthropicProvider(http, settings),
                new CohereProvider(http, settings),
                new Ai21Provider(http, settings),
                new GoogleProvider(http, settings));
    }
}
