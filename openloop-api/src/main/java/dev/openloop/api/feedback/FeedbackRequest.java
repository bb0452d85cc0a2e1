package dev.openloop.api.feedback;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.json.WireText;
import java.time.Instant;

/**
 * Feedback on a log.
 *
 * @param type {@code rating}, {@code action}, {@code issue}, {@code correction}, {@code comment}
 *     or a custom type of the project
 * @param value the label, or free text for corrections and comments; required unless unsetting. v4
 *     also takes a number here (feedback of class {@code number}), kept as the text it was sent as
 * @param dataId the log ({@code data_…})
 * @param user who gave it
 * @param createdAt when it was given; now when absent
 * @param unset clears the log's current value of this type
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FeedbackRequest(String type, @JsonDeserialize(using = TextOrNumber.class) String value, String dataId, String user,
        Instant createdAt, Boolean unset) {

    /**
     * Feedback {@code value} of {@code type} on log {@code dataId}.
     *
     * @param dataId the log's id, {@code data_…}
     * @param type the type
     * @param value its value
     * @return the feedbackrequest
     */
    public static FeedbackRequest of(String dataId, String type, String value) {
        return new FeedbackRequest(type, value, dataId, null, null, null);
    }


    /**
     * A builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link FeedbackRequest}. */
    public static final class Builder {
        private String type;
        private String value;
        private String dataId;
        private String user;
        private Instant createdAt;
        private Boolean unset;

        private Builder() {
        }

        /**
         * See {@link FeedbackRequest#type()}.
         *
         * @param v the value to set
         * @return this builder
         */
        public Builder type(String v) { type = v; return this; }
        /**
         * See {@link FeedbackRequest#value()}.
         *
         * @param v the value to set
         * @return this builder
         */
        public Builder value(String v) { value = v; return this; }
        /**
         * See {@link FeedbackRequest#dataId()}.
         *
         * @param v the value to set
         * @return this builder
         */
        public Builder dataId(String v) { dataId = v; return this; }
        /**
         * See {@link FeedbackRequest#user()}.
         *
         * @param v the value to set
         * @return this builder
         */
        public Builder user(String v) { user = v; return this; }
        /**
         * See {@link FeedbackRequest#createdAt()}.
         *
         * @param v the value to set
         * @return this builder
         */
        public Builder createdAt(Instant v) { createdAt = v; return this; }
        /**
         * See {@link FeedbackRequest#unset()}.
         *
         * @param v the value to set
         * @return this builder
         */
        public Builder unset(Boolean v) { unset = v; return this; }

        /**
         * The request.
         *
         * @return the request
         */
        public FeedbackRequest build() {
            return new FeedbackRequest(type, value, dataId, user, createdAt, unset);
        }
    }

    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
