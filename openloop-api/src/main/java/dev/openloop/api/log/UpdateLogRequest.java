package dev.openloop.api.log;

import dev.openloop.api.json.WireText;

/**
 * Fills in or corrects a log; absent fields stay as they are.
 *
 * @param output the generated text
 * @param error what failed
 * @param duration seconds the generation took
 */
public record UpdateLogRequest(String output, String error, Double duration) {

    /**
     * A builder; fields left unset are not sent, and stay as they are.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link UpdateLogRequest}. */
    public static final class Builder {
        private String output;
        private String error;
        private Double duration;

        private Builder() {
        }

        /**
         * Sets {@link UpdateLogRequest#output()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder output(String value) { output = value; return this; }
        /**
         * Sets {@link UpdateLogRequest#error()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder error(String value) { error = value; return this; }
        /**
         * Sets {@link UpdateLogRequest#duration()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder duration(Double value) { duration = value; return this; }
        /**
         * Sets {@link UpdateLogRequest#duration()} from a plain number, e.g. {@code duration(1)}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder duration(double value) { return duration(Double.valueOf(value)); }

        /**
         * The request.
         *
         * @return the request
         */
        public UpdateLogRequest build() {
            return new UpdateLogRequest(output, error, duration);
        }
    }

    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
