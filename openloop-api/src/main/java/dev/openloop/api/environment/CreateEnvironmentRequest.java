package dev.openloop.api.environment;

import dev.openloop.api.json.WireText;

/**
 * Creates an environment (an OpenLoop extension).
 *
 * @param name its unique name, e.g. {@code staging}
 */
public record CreateEnvironmentRequest(String name) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
