package dev.openloop.api.project;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.openloop.api.common.Unmodifiable;
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

    /** A builder. */
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

        /** See {@link FeedbackTypeRequest#type()}. */
        public Builder type(String value) { type = value; return this; }
        /** See {@link FeedbackTypeRequest#values()}. */
        public Builder values(List<FeedbackLabel> value) { values = value == null ? null : List.copyOf(value); return this; }
        /** See {@link FeedbackTypeRequest#values()}. */
        public Builder values(FeedbackLabel... value) { return values(List.of(value)); }
        /** See {@link FeedbackTypeRequest#feedbackClass()}. */
        public Builder feedbackClass(FeedbackClass value) { feedbackClass = value; return this; }

        /** The request. */
        public FeedbackTypeRequest build() {
            return new FeedbackTypeRequest(type, values, feedbackClass);
        }
    }
}
