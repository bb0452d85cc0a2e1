package dev.openloop.api.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which kind of provider endpoint a config calls ({@code ModelEndpoints} in the v4 schema). */
public enum ModelEndpoint {
    /** {@code complete} on the wire. */
    COMPLETE("complete"),
    /** {@code chat} on the wire. */
    CHAT("chat"),
    /** {@code edit} on the wire. */
    EDIT("edit");

    private final String wire;

    ModelEndpoint(String wire) {
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
