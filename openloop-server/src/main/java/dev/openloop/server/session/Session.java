package dev.openloop.server.session;

/**
 * A stored session.
 *
 * @param id its id ({@code sesh_…})
 * @param referenceId the caller's own key, or {@code null}
 * @param createdAt epoch milliseconds
 * @param updatedAt epoch milliseconds
 */
public record Session(String id, String referenceId, long createdAt, long updatedAt) {
}
