package dev.openloop.api.session;

/**
 * A new session.
 *
 * @param id {@code sesh_…}
 */
public record CreateSessionResponse(String id) {
}
