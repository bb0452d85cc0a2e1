package dev.openloop.api.chat;

import dev.openloop.api.json.WireText;

/**
 * A function call: the function's name and its arguments as a JSON-encoded string.
 *
 * @param name the function's name
 * @param arguments the arguments, JSON-encoded
 */
public record FunctionTool(String name, String arguments) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
