package dev.openloop.api.chat;

import com.fasterxml.jackson.annotation.JsonValue;

/** Who wrote a chat message. */
public enum ChatRole {
    /** {@code user} on the wire. */
    USER("user"),
    /** {@code assistant} on the wire. */
    ASSISTANT("assistant"),
    /** {@code system} on the wire. */
    SYSTEM("system"),
    /** {@code tool} on the wire. */
    TOOL("tool");

    private final String wire;

    ChatRole(String wire) {
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
