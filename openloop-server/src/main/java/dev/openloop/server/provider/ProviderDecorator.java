package dev.openloop.server.provider;

import dev.openloop.api.config.ModelProvider;
import java.util.List;

/**
 * A provider wrapped to add something around its calls (measuring, a breaker): what a call is
 * not asked about (its name, its samples, its checks) is the wrapped provider's, so that a
 * decorator writes only {@link #complete} and {@link #stream}.
 */
abstract class ProviderDecorator implements Provider {
    /** The provider wrapped. */
    protected final Provider provider;

    protected ProviderDecorator(Provider provider) {
        this.provider = provider;
    }

    @Override
    public final ModelProvider id() {
        return provider.id();
    }

    @Override
    public final boolean generatesSeveralSamples() {
        return provider.generatesSeveralSamples();
    }

    @Override
    public final void checkSupported(ProviderRequest request, List<Object> configLoc, Refusals.Sink problems) {
        provider.checkSupported(request, configLoc, problems);
    }
}
