package dev.openloop.server.modelconfig;

import dev.openloop.api.config.Fallback;
import dev.openloop.server.failure.Refusal;
import java.util.List;

/**
 * What a config's fallbacks must be, wherever they are given (a registration, an inline config, a
 * {@code /v1} call): at most {@link #MAX} of them, each naming a stored config or a provider's
 * model, not both; a config named must exist.
 */
public final class FallbackChecks {
    /** The most fallbacks of one config: each may cost a provider call's wait. */
    public static final int MAX = 8;

    private FallbackChecks() {
    }

    /**
     * Notes each problem of {@code fallbacks} in {@code problems}, at {@code at} plus its index.
     *
     * @param fallbacks the fallbacks; null when none were given
     */
    public static void check(List<Fallback> fallbacks, ModelConfigStore configs, List<Object> at, Refusal.Problems problems) {
        if (fallbacks == null) {
            return;
        }
        if (fallbacks.size() > MAX) {
            problems.add(at, "ensure this list has at most " + MAX + " fallbacks", Refusal.Problem.TOO_LARGE);
            return;
        }
        for (int i = 0; i < fallbacks.size(); i++) {
            Fallback fallback = fallbacks.get(i);
            List<Object> here = Refusal.at(at, i);
            if (fallback == null) {
                problems.add(here, "a fallback names a config_id, or a provider and a model", "value_error");
            } else if (fallback.configId() != null) {
                if (fallback.provider() != null || fallback.model() != null) {
                    problems.add(here, "a fallback names a config_id, or a provider and a model, not both", "value_error");
                } else if (configs.find(fallback.configId()).isEmpty()) {
                    problems.add(Refusal.at(here, "config_id"), "no config has the id '" + fallback.configId() + "'",
                            "value_error.not_found");
                }
            } else if (fallback.provider() == null || fallback.model() == null || fallback.model().isBlank()) {
                problems.add(here, "a fallback names a config_id, or a provider and a model", "value_error");
            }
        }
    }
}
