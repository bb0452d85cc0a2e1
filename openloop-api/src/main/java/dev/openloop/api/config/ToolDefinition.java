package dev.openloop.api.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.common.Unmodifiable;
import dev.openloop.api.json.WireText;
import java.util.Map;

/**
 * A tool a config exposes to the model. The v4 schema has two shapes that share this record: an
 * inline tool ({@code ModelConfigToolRequest}: a {@code name} and a JSON-Schema {@code parameters})
 * and a link to an organization tool ({@code LinkedToolRequest}: an {@code id} with
 * {@code source: "organization"}).
 *
 * @param id the organization tool's id ({@code oc_…}), for a linked tool
 * @param name the function name the model sees
 * @param description what the tool does
 * @param parameters the JSON Schema of the arguments
 * @param source {@code inline} or {@code organization}
 * @param sourceCode code of the tool, kept as given
 * @param other further settings, kept as given
 * @param presetName a tool preset, kept as given
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ToolDefinition(
        String id,
        String name,
        String description,
        Map<String, Object> parameters,
        ToolSource source,
        String sourceCode,
        Map<String, Object> other,
        String presetName) {

    /** Keeps unmodifiable copies of the collections given, so that the record cannot change once made. */
    public ToolDefinition {
        parameters = Unmodifiable.copyOf(parameters);
        other = Unmodifiable.copyOf(other);
    }

    /**
     * An inline function tool.
     *
     * @param name the name
     * @param description the description
     * @param parameters the parameters
     * @return an inline function tool
     */
    public static ToolDefinition function(String name, String description, Map<String, Object> parameters) {
        return new ToolDefinition(null, name, description, parameters, null, null, null, null);
    }

    /**
     * Whether this is a link to an organization tool rather than an inline definition.
     *
     * @return whether this is a link to an organization tool rather than an inline definition
     */
    @JsonIgnore
    public boolean isLinked() {
        return id != null && source == ToolSource.ORGANIZATION;
    }

    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
