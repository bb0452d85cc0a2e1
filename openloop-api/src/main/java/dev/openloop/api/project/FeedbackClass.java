package dev.openloop.api.project;

import com.fasterxml.jackson.annotation.JsonValue;

/** What kind of values a feedback type takes. */
public enum FeedbackClass {
    SELECT("select"), MULTI_SELECT("multi_select"), TEXT("text"), NUMBER("number");

    private final String wire;

    FeedbackClass(String wire) {
        this.wire = wire;
    }

    /** The name on the wire. */
    @JsonValue
    public String wire() {
        return wire;
    }
}
