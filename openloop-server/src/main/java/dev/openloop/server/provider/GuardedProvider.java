package dev.openloop.server.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.server.routing.CircuitBreaker;
import java.util.List;

/**
 * A provider behind a circuit breaker ({@link CircuitBreaker}): after repeated failures of the
 * provider itself (a timeout, an outage, a broken answer; not a rate limit, which is a key's, nor
 * anything the request caused) its calls are refused at once for a while, as {@code UNAVAILABLE},
 * which a fallback may answer; then one call probes whether it is back. A stream counts by how it
 * opened, and by a failure of the provider while it ran.
 */
final class GuardedProvider extends ProviderDecorator {
    private final CircuitBreaker breaker;
    private volatile String origin;

    GuardedProvider(Provider provider, CircuitBreaker breaker) {
        super(provider);
        this.breaker = breaker;
        this.origin = provider.id().wire();
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    @Override
    public ProviderResult complete(ProviderRequest request) {
        admit();
        try {
            ProviderResult result = provider.complete(request);
            breaker.succeeded();
            return result;
        } catch (RuntimeException e) {
            ended(e);
            throw e;
        }
    }

    @Override
    public ProviderStream stream(ProviderRequest request) {
        admit();
        ProviderStream stream;
        try {
            stream = provider.stream(request);
        } catch (RuntimeException e) {
            ended(e);
            throw e;
        }
        breaker.succeeded();
        return new ProviderStream() {
            @Override
            public JsonNode providerRequest() {
                return stream.providerRequest();
            }

            @Override
            public StreamEvent next() {
                try {
                    return stream.next();
                } catch (ProviderFailure e) {
                    if (isProvidersOwn(e)) {
                        breaker.failed();
                    }
                    throw e;
                }
            }

            @Override
            public List<JsonNode> rawChunks() {
                return stream.rawChunks();
            }

            @Override
            public void close() {
                stream.close();
            }
        };
    }

    /** Lets the call through, or refuses it while the provider is skipped. */
    private void admit() {
        if (!breaker.tryAcquire()) {
            long seconds = Math.max(1, (breaker.remaining().toMillis() + 999) / 1000);
            throw new ProviderFailure(origin, ProviderFailure.Kind.UNAVAILABLE, origin + " failed repeatedly and is skipped"
                    + " by this node for now (circuit open); it is tried again in about " + seconds + " s",
                    String.valueOf(seconds), true);
        }
    }

    private void ended(RuntimeException e) {
        if (e instanceof ProviderFailure failure && isProvidersOwn(failure)) {
            origin = failure.origin();
            breaker.failed();
        } else {
            breaker.released();
        }
    }

    /** Whether the provider itself failed, rather than refusing this request, this key or this rate. */
    static boolean isProvidersOwn(ProviderFailure failure) {
        return !failure.origin().equals(ProviderErrors.OPENLOOP) && switch (failure.kind()) {
            case TIMEOUT, UNAVAILABLE, BAD_GATEWAY -> true;
            default -> false;
        };
    }
}
