package dev.openloop.api.project;

import com.fasterxml.jackson.annotation.JsonValue;

/** What kind of values a feedback type takes. */
public enum FeedbackClass {
    /** {@code select} on the wire. */
    SELECT("select"),
    /** {@code multi_select} on the wire. */
    MULTI_SELECT("multi_select"),
    /** {@code text} on the wire. */
    TEXT("text"),
    /** {@code number} on the wire. */
    NUMBER("number");

    private final String wire;

    FeedbackClass(String wire) {
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
