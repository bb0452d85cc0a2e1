package dev.openloop.api.log;

/**
 * Fills in or corrects a log; absent fields stay as they are.
 *
 * @param output the generated text
 * @param error what failed
 * @param duration seconds the generation took
 */
public record UpdateLogRequest(String output, String error, Double duration) {

    /** A builder; fields left unset are not sent, and stay as they are. */
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

        /** See {@link UpdateLogRequest#output()}. */
        public Builder output(String value) { output = value; return this; }
        /** See {@link UpdateLogRequest#error()}. */
        public Builder error(String value) { error = value; return this; }
        /** See {@link UpdateLogRequest#duration()}. */
        public Builder duration(Double value) { duration = value; return this; }

        /** The request. */
        public UpdateLogRequest build() {
            return new UpdateLogRequest(output, error, duration);
        }
    }
}
