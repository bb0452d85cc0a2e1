package dev.openloop.server.project;

/**
 * A stored project.
 *
 * @param id its id ({@code pr_…})
 * @param name its unique name
 * @param directoryId its directory, or null
 * @param positiveLabels JSON array of the labels that count as success, or null
 * @param createdAt epoch milliseconds
 * @param updatedAt epoch milliseconds
 */
public record Project(String id, String name, String directoryId, String positiveLabels, long createdAt, long updatedAt) {
}
