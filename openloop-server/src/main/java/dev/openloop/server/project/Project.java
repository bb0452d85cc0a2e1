package dev.openloop.server.project;

/**
 * A stored project.
 *
 * @param id its id ({@code pr_…})
 * @param name its unique name
 * @param createdAt epoch milliseconds
 * @param updatedAt epoch milliseconds
 */
public record Project(String id, String name, long createdAt, long updatedAt) {
}
