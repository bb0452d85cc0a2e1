package dev.openloop.api.config;

import dev.openloop.api.json.WireText;
import java.util.Map;

/**
 * A tool of a stored config.
 *
 * @param id the tool's id
 * @param name the function name
 * @param description what it does
 * @param parameters the JSON Schema of its arguments
 * @param source {@code inline} or {@code organization}
 */
public record ToolResponse(String id, String name, String description, Map<String, Object> parameters, String source) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
