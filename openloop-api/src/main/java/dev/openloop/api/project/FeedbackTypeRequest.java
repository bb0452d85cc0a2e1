package dev.openloop.api.project;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.openloop.api.common.Required;
import dev.openloop.api.common.Unmodifiable;
import dev.openloop.api.json.WireText;
import java.util.List;

/**
 * Creates or updates a project's feedback type.
 *
 * @param type its name, e.g. {@code rating} or a custom one
 * @param values the labels it takes, for select types
 * @param feedbackClass what kind of values it takes ({@code class} on the wire)
 */
public record FeedbackTypeRequest(String type, List<FeedbackLabel> values, @JsonProperty("class") FeedbackClass feedbackClass) {

    /** Keeps unmodifiable copies of the collections given, so that the record cannot change once made. */
    public FeedbackTypeRequest {
        values = Unmodifiable.copyOf(values);
    }

    /**
     * A builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link FeedbackTypeRequest}. */
    public static final class Builder {
        private String type;
        private List<FeedbackLabel> values;
        private FeedbackClass feedbackClass;

        private Builder() {
        }

        /**
         * Sets {@link FeedbackTypeRequest#type()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder type(String value) { type = value; return this; }
        /**
         * Sets {@link FeedbackTypeRequest#values()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder values(List<FeedbackLabel> value) { values = value == null ? null : List.copyOf(value); return this; }
        /**
         * Sets {@link FeedbackTypeRequest#values()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder values(FeedbackLabel... value) { return values(List.of(value)); }
        /**
         * Sets {@link FeedbackTypeRequest#feedbackClass()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder feedbackClass(FeedbackClass value) { feedbackClass = value; return this; }

        /**
         * The request.
         *
         * @return the request
         */
        public FeedbackTypeRequest build() {
            Required.check("FeedbackTypeRequest", "type", type);
            return new FeedbackTypeRequest(type, values, feedbackClass);
        }
    }

    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
