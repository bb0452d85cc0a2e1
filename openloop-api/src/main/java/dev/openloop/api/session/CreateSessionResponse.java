package dev.openloop.api.session;

import dev.openloop.api.json.WireText;

/**
 * A new session.
 *
 * @param id {@code sesh_…}
 */
public record CreateSessionResponse(String id) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
