package dev.openloop.api.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.json.WireText;

/**
 * One fallback of a config, an OpenLoop extension of v4: what answers when the config's own
 * provider fails in a way another may get around (a rate limit, an outage, a timeout). It names
 * either a stored config, by {@code config_id}, or a provider's model, which is called with the
 * failing config's other parameters.
 *
 * @param configId a stored config's id, {@code config_…}; or null
 * @param provider the provider of a model named directly; or null
 * @param model the model named directly; or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Fallback(String configId, ModelProvider provider, String model) {

    /**
     * A fallback to a stored config.
     *
     * @param configId the config's id
     * @return a fallback to a stored config
     */
    public static Fallback toConfig(String configId) {
        return new Fallback(configId, null, null);
    }

    /**
     * A fallback to {@code model} on {@code provider}, the failing config's other parameters kept.
     *
     * @param provider the provider
     * @param model the model
     * @return a fallback to a provider's model
     */
    public static Fallback toModel(ModelProvider provider, String model) {
        return new Fallback(null, provider, model);
    }

    @Override
    public String toString() {
        return WireText.of(this);
    }
}
