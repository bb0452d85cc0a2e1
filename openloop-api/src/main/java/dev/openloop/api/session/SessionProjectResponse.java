package dev.openloop.api.session;

import dev.openloop.api.json.WireText;

/**
 * A project that has logs in a session.
 *
 * @param id the project
 * @param name its name
 * @param type the kind of file: {@code prompt} for projects
 */
public record SessionProjectResponse(String id, String name, String type) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
