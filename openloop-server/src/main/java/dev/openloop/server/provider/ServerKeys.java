package dev.openloop.server.provider;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's keys of every provider, a {@link KeyPool} each under the provider's field of
 * {@code provider_api_keys} ({@code openai}, {@code openai_azure}, ...). A provider added later
 * gets its pool by naming its field and variables in {@link ProviderSettings}; its adapter asks
 * {@link ProviderKeys} with the pool, like the others.
 */
public final class ServerKeys {
    private final Map<String, KeyPool> pools = new LinkedHashMap<>();
    private final Clock clock;
    private final Duration defaultCooldown;

    public ServerKeys(Clock clock, Duration defaultCooldown) {
        this.clock = clock;
        this.defaultCooldown = defaultCooldown;
    }

    /** Adds the pool of the provider at {@code field}; returns this. */
    public ServerKeys with(String field, List<ServerKey> keys) {
        pools.put(field, new KeyPool(field, keys, clock, defaultCooldown));
        return this;
    }

    /** The pool of the provider at {@code field}; an empty one when the server has no key for it. */
    public KeyPool pool(String field) {
        KeyPool pool = pools.get(field);
        return pool != null ? pool : new KeyPool(field, List.of(), clock, defaultCooldown);
    }

    /** Every pool, by field. */
    public Map<String, KeyPool> pools() {
        return Map.copyOf(pools);
    }

    /** Whether {@code secret} is one of the server's keys (and not a request's). */
    public boolean isServers(String secret) {
        return pools.values().stream().anyMatch(pool -> pool.holds(secret));
    }

    /** How a call with {@code secret} failed, for the pool that holds it (a request's key is in none). */
    public void failed(String secret, ProviderFailure failure, Duration retryAfter) {
        pools.values().forEach(pool -> pool.failed(secret, failure, retryAfter));
    }

    /**
     * The keys a node cannot use, for {@code /readyz}: each as {@code field 'label'}. The node
     * stays ready (other keys, or fallbacks, may serve), but the operator should know.
     */
    public List<String> keysOut() {
        List<String> out = new ArrayList<>();
        pools.forEach((field, pool) -> pool.report().stream()
                .filter(report -> report.state() == KeyPool.KeyState.OUT)
                .forEach(report -> out.add(field + " '" + report.label() + "'")));
        return out;
    }

    /** The keys as configured, by field: what two nodes' settings are compared by. */
    private Map<String, List<ServerKey>> configured() {
        Map<String, List<ServerKey>> configured = new LinkedHashMap<>();
        pools.forEach((field, pool) -> configured.put(field, pool.keys()));
        return configured;
    }

    /** Settings are equal when they configure the same keys and cooldown; what a node learned of its keys is no setting. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ServerKeys keys && keys.defaultCooldown.equals(defaultCooldown)
                && keys.configured().equals(configured());
    }

    @Override
    public int hashCode() {
        return configured().hashCode();
    }

    @Override
    public String toString() {
        return "ServerKeys[" + pools.size() + " providers, keys redacted]";
    }

    /**
     * The keys of a provider from its settings: the single key (label {@code default}) and the
     * list, {@code label:weight:key} separated by commas or line breaks, each key followed by
     * {@code @endpoint} where a provider's keys have endpoints of their own.
     *
     * @param single the single-key variable's value, or null
     * @param list the list variable's value, or null
     * @param listVariable the list's variable, for error messages
     * @param endpoints whether keys may name endpoints
     * @throws IllegalArgumentException saying what is wrong, never showing a key
     */
    public static List<ServerKey> parse(String single, String list, String listVariable, boolean endpoints) {
        List<ServerKey> keys = new ArrayList<>();
        if (ProviderKeys.isPresent(single)) {
            keys.add(new ServerKey("default", single, 1, null));
        }
        if (list == null || list.isBlank()) {
            return keys;
        }
        int position = 0;
        for (String entry : list.split("[,\\n]")) {
            if (entry.isBlank()) {
                continue;
            }
            position++;
            String where = listVariable + "'s entry " + position;
            String[] parts = entry.strip().split(":", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException(where + " must be label:weight:key" + (endpoints ? "@endpoint" : ""));
            }
            String label = parts[0];
            if (!label.matches("[A-Za-z0-9_.-]{1,40}")) {
                throw new IllegalArgumentException(where + ": a label is 1 to 40 letters, digits, '_', '.' or '-'");
            }
            int weight;
            try {
                weight = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                weight = 0;
            }
            if (weight < 1 || weight > 1_000_000) {
                throw new IllegalArgumentException(where + " ('" + label + "'): the weight must be a whole number from 1 to 1000000");
            }
            String secret = parts[2];
            String endpoint = null;
            int at = secret.lastIndexOf('@');
            if (endpoints && at >= 0) {
                endpoint = secret.substring(at + 1);
                secret = secret.substring(0, at);
            }
            if (!ProviderKeys.isPresent(secret)) {
                throw new IllegalArgumentException(where + " ('" + label + "') has no key");
            }
            ProviderKeys.checkServerKey(where + " ('" + label + "')", secret);
            for (ServerKey other : keys) {
                if (other.label().equals(label)) {
                    throw new IllegalArgumentException(where + ": the label '" + label + "' is used twice");
                }
            }
            keys.add(new ServerKey(label, secret, weight, endpoint));
        }
        return keys;
    }
}
