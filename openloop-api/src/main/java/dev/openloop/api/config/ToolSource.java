package dev.openloop.api.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a tool definition comes from. */
public enum ToolSource {
    /** {@code organization} on the wire. */
    ORGANIZATION("organization"),
    /** {@code inline} on the wire. */
    INLINE("inline");

    private final String wire;

    ToolSource(String wire) {
        this.wire = wire;
    }

    /**
     * The name on the wire.
     *
     * @return the name on the wire
     */
    @JsonValue
    public String wire() {
        return wire;
    }
}
