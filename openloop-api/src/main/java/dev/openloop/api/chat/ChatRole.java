package dev.openloop.api.chat;

import com.fasterxml.jackson.annotation.JsonValue;

/** Who wrote a chat message. */
public enum ChatRole {
    USER("user"),
    ASSISTANT("assistant"),
    SYSTEM("system"),
    TOOL("tool");

    private final String wire;

    ChatRole(String wire) {
        this.wire = wire;
    }

    /** The name on the wire. */
    @JsonValue
    public String wire() {
        return wire;
    }
}
