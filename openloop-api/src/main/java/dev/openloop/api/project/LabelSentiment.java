package dev.openloop.api.project;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a feedback label feels. */
public enum LabelSentiment {
    POSITIVE("positive"), NEGATIVE("negative"), NEUTRAL("neutral"), UNSET("unset");

    private final String wire;

    LabelSentiment(String wire) {
        this.wire = wire;
    }

    /** The name on the wire. */
    @JsonValue
    public String wire() {
        return wire;
    }
}
