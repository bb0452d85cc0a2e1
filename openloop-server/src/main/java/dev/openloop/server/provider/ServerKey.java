package dev.openloop.server.provider;

import java.util.Objects;

/**
 * One of the server's keys for a provider, as configured.
 *
 * @param label its safe name, the one logs, metrics and {@code /readyz} show: the operator's name
 *     for it, or {@code default} for the single-key setting; never the key
 * @param secret the key
 * @param weight its share of the calls, relative to the other keys' (at least 1)
 * @param endpoint where it is sent, for a provider whose keys each belong to an endpoint (Azure
 *     OpenAI); null for the provider's one endpoint
 */
public record ServerKey(String label, String secret, int weight, String endpoint) {

    public ServerKey {
        Objects.requireNonNull(label);
        Objects.requireNonNull(secret);
        if (weight < 1) {
            throw new IllegalArgumentException("a key's weight must be at least 1");
        }
    }

    @Override
    public String toString() {
        return "ServerKey[" + label + ", weight=" + weight + (endpoint == null ? "" : ", endpoint=" + endpoint) + "]";
    }
}
