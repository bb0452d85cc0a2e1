package dev.openloop.api.experiment;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where an experiment stands: no trial has feedback yet, or some have. */
public enum ExperimentStatus {
    /** {@code Initialized} on the wire. */
    INITIALIZED("Initialized"),
    /** {@code In progress} on the wire. */
    IN_PROGRESS("In progress");

    private final String wire;

    ExperimentStatus(String wire) {
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
