package dev.openloop.api.project;

import dev.openloop.api.json.WireText;

/**
 * An environment to deploy to.
 *
 * @param id {@code env_…}
 * @param name its name, informative only
 */
public record EnvironmentRequest(String id, String name) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
