package dev.openloop.server.provider;

import dev.openloop.api.config.ModelProvider;
import java.util.List;

/**
 * A model provider. An adapter translates a {@link ProviderRequest} into its provider's wire
 * format and the answer back into v4 terms; its wire types never leave its package.
 */
public interface Provider {

    /** Which provider this is. */
    ModelProvider id();

    /** Whether one call can produce several samples; otherwise the caller makes one call per sample. */
    boolean generatesSeveralSamples();

    /**
     * Notes each parameter of {@code request} this provider cannot honour, at the location
     * {@code configLoc} plus the parameter's name, so the call is refused before it is made.
     * {@code request} holds the whole prompt, so that what the provider cannot read in the
     * messages is refused too; {@link Refusals} finds where each part came from.
     *
     * <p>Runs before the request writes anything (its project, session or config), so that a
     * call that cannot be made at all is refused here too, after the refusals are noted.
     *
     * @throws ProviderFailure a 400 when the call cannot be made: no key
     *     for it, a request's key that cannot be sent, a setting it needs missing ({@link ProviderKeys},
     *     {@link ProviderErrors}); the same answer {@link #complete} and {@link #stream} would give
     */
    default void checkSupported(ProviderRequest request, List<Object> configLoc, Refusals.Sink problems) {
    }

    /**
     * Makes the call and waits for the answer.
     *
     * @throws ProviderFailure with the provider's failure mapped, see
     *     {@link ProviderErrors}
     */
    ProviderResult complete(ProviderRequest request);

    /**
     * Starts a streaming call; returns once the provider accepted it.
     *
     * @throws ProviderFailure when the provider refuses the call
     */
    ProviderStream stream(ProviderRequest request);
}
