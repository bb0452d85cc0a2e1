package dev.openloop.api.project;

/**
 * An environment to deploy to.
 *
 * @param id {@code env_…}
 * @param name its name, informative only
 */
public record EnvironmentRequest(String id, String name) {
}
