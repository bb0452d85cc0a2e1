package dev.openloop.api.chat;

import dev.openloop.api.json.WireText;

/**
 * The result of a tool the server ran to fill the prompt.
 *
 * @param id the tool's id
 * @param name the tool's name
 * @param signature the call
 * @param result what it returned
 */
public record ToolResult(String id, String name, String signature, String result) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
