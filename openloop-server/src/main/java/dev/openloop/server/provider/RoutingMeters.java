package dev.openloop.server.provider;

import dev.openloop.server.routing.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/**
 * The routing state of a node in {@code /metrics}: each provider's circuit
 * ({@code openloop.provider.circuit.state}: 0 closed, 1 half open, 2 open) and each server key's
 * state ({@code openloop.provider.key.state}: 0 ready, 1 cooling down after a rate limit, 2 refused
 * by the provider), the key named by its label only.
 */
public final class RoutingMeters {
    private RoutingMeters() {
    }

    /** Registers the gauges of {@code providers}' breakers and {@code keys}' states. */
    public static void bind(MeterRegistry registry, ProviderRegistry providers, ServerKeys keys) {
        providers.breakers().forEach((name, breaker) -> Gauge.builder("openloop.provider.circuit.state", breaker,
                        b -> b.state() == CircuitBreaker.State.CLOSED ? 0 : b.state() == CircuitBreaker.State.HALF_OPEN ? 1 : 2)
                .description("a provider's circuit on this node: 0 closed, 1 half open (a probe may go), 2 open (skipped)")
                .tag("gen_ai.provider.name", name)
                .register(registry));
        for (Map.Entry<String, KeyPool> pool : keys.pools().entrySet()) {
            for (ServerKey key : pool.getValue().keys()) {
                Gauge.builder("openloop.provider.key.state", pool.getValue(), p -> stateOf(p, key.label()))
                        .description("a server key for a provider: 0 ready, 1 cooling down after a rate limit, 2 refused (401)")
                        .tag("provider", pool.getKey())
                        .tag("key", key.label())
                        .register(registry);
            }
        }
    }

    private static double stateOf(KeyPool pool, String label) {
        return pool.report().stream().filter(r -> r.label().equals(label)).findFirst()
                .map(r -> (double) r.state().ordinal()).orElse(0.0);
    }
}
