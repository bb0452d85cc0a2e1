package dev.openloop.server.modelconfig;

/**
 * A config as a project uses it.
 *
 * @param projectId the project
 * @param projectName its name
 * @param configId the config
 * @param createdAt when the project started using it, epoch milliseconds
 * @param lastUsed when a log of the project last used it, or null
 * @param numDatapoints how many logs of the project used it
 */
public record ProjectConfig(String projectId, String projectName, String configId, long createdAt, Long lastUsed,
        long numDatapoints) {
}
