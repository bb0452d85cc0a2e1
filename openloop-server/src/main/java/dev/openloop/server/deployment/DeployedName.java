package dev.openloop.server.deployment;

/**
 * A deployment by the names a caller addresses it with.
 *
 * @param project the project's name
 * @param environment the environment's name
 * @param defaultEnvironment whether that environment is the default one
 * @param createdAt when it was first deployed, in epoch milliseconds
 */
public record DeployedName(String projectId, String project, String environment, boolean defaultEnvironment, long createdAt) {
}
