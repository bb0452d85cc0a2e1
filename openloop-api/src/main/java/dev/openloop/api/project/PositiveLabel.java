package dev.openloop.api.project;

import dev.openloop.api.json.WireText;

/**
 * A feedback label that counts as success, e.g. {@code {"type":"rating","value":"good"}}.
 *
 * @param type the feedback type
 * @param value the label
 */
public record PositiveLabel(String type, String value) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
