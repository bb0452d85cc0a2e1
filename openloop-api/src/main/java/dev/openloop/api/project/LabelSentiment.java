package dev.openloop.api.project;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a feedback label feels. */
public enum LabelSentiment {
    /** {@code positive} on the wire. */
    POSITIVE("positive"),
    /** {@code negative} on the wire. */
    NEGATIVE("negative"),
    /** {@code neutral} on the wire. */
    NEUTRAL("neutral"),
    /** {@code unset} on the wire. */
    UNSET("unset");

    private final String wire;

    LabelSentiment(String wire) {
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
