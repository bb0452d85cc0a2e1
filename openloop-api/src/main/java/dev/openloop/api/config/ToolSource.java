package dev.openloop.api.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a tool definition comes from. */
public enum ToolSource {
    ORGANIZATION("organization"),
    INLINE("inline");

    private final String wire;

    ToolSource(String wire) {
        this.wire = wire;
    }

    /** The name on the wire. */
    @JsonValue
    public String wire() {
        return wire;
    }
}
