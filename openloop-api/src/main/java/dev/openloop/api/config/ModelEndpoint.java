package dev.openloop.api.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which kind of provider endpoint a config calls ({@code ModelEndpoints} in the v4 schema). */
public enum ModelEndpoint {
    COMPLETE("complete"),
    CHAT("chat"),
    EDIT("edit");

    private final String wire;

    ModelEndpoint(String wire) {
        this.wire = wire;
    }

    /** The name on the wire. */
    @JsonValue
    public String wire() {
        return wire;
    }
}
