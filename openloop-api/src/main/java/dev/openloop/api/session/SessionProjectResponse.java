package dev.openloop.api.session;

/**
 * A project that has logs in a session.
 *
 * @param id the project
 * @param name its name
 * @param type the kind of file: {@code prompt} for projects
 */
public record SessionProjectResponse(String id, String name, String type) {
}
