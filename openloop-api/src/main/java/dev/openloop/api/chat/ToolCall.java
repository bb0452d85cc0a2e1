package dev.openloop.api.chat;

import dev.openloop.api.json.WireText;

/**
 * A tool call requested by the model.
 *
 * @param id the call's id, echoed by the {@code tool} message that answers it
 * @param type always {@code "function"}
 * @param function the function and its arguments
 */
public record ToolCall(String id, String type, FunctionTool function) {

    /**
     * A function call.
     *
     * @param id the id
     * @param name the name
     * @param arguments the arguments
     * @return A function call
     */
    public static ToolCall function(String id, String name, String arguments) {
        return new ToolCall(id, "function", new FunctionTool(name, arguments));
    }

    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
