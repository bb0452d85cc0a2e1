package dev.openloop.api.environment;

/**
 * Creates an environment (an OpenLoop extension).
 *
 * @param name its unique name, e.g. {@code staging}
 */
public record CreateEnvironmentRequest(String name) {
}
