package dev.openloop.api.chat;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.openloop.api.json.WireText;

/**
 * Asks the model for a particular output format; v4 knows only {@code {"type":"json_object"}}.
 *
 * @param type the format
 */
public record ResponseFormat(Type type) {

    /**
     * JSON mode.
     *
     * @return JSON mode
     */
    public static ResponseFormat jsonObject() {
        return new ResponseFormat(Type.JSON_OBJECT);
    }

    /** The output formats v4 knows. */
    public enum Type {
        /** {@code json_object} on the wire. */
        JSON_OBJECT("json_object");

        private final String wire;

        Type(String wire) {
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

    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
