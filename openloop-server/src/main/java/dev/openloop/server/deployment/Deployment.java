package dev.openloop.server.deployment;

/**
 * What a project has deployed to an environment: a config or an experiment, never both.
 *
 * @param projectId the project
 * @param environmentId the environment
 * @param configId the deployed config, or null
 * @param experimentId the deployed experiment, or null
 * @param createdAt epoch milliseconds
 * @param updatedAt epoch milliseconds
 */
public record Deployment(String projectId, String environmentId, String configId, String experimentId, long createdAt,
        long updatedAt) {
}
