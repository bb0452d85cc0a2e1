package dev.openloop.server.modelconfig;

import dev.openloop.api.config.ModelConfigRequest;

/**
 * A config version as stored.
 *
 * @param id its id, derived from its parameters
 * @param config its parameters, defaults applied, with its display name
 * @param createdAt epoch milliseconds
 */
public record StoredConfig(String id, ModelConfigRequest config, long createdAt) {
}
