package dev.openloop.api.project;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.common.Required;
import dev.openloop.api.common.Unmodifiable;
import dev.openloop.api.json.WireText;
import java.util.List;

/**
 * Creates a project.
 *
 * @param name its unique name
 * @param feedbackTypes feedback types to create with it
 * @param directoryId the directory it belongs to
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateProjectRequest(String name, List<FeedbackTypeRequest> feedbackTypes, String directoryId) {

    /** Keeps unmodifiable copies of the collections given, so that the record cannot change once made. */
    public CreateProjectRequest {
        feedbackTypes = Unmodifiable.copyOf(feedbackTypes);
    }

    /**
     * A project with just a name.
     *
     * @param name the name
     * @return A project with just a name
     */
    public static CreateProjectRequest named(String name) {
        return new CreateProjectRequest(name, null, null);
    }


    /**
     * A builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link CreateProjectRequest}. */
    public static final class Builder {
        private String name;
        private List<FeedbackTypeRequest> feedbackTypes;
        private String directoryId;

        private Builder() {
        }

        /**
         * Sets {@link CreateProjectRequest#name()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder name(String value) { name = value; return this; }
        /**
         * Sets {@link CreateProjectRequest#feedbackTypes()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder feedbackTypes(List<FeedbackTypeRequest> value) { feedbackTypes = value == null ? null : List.copyOf(value); return this; }
        /**
         * Sets {@link CreateProjectRequest#feedbackTypes()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder feedbackTypes(FeedbackTypeRequest... value) { return feedbackTypes(List.of(value)); }
        /**
         * Sets {@link CreateProjectRequest#directoryId()}.
         *
         * @param value its value; {@code null} leaves it unset
         * @return this builder
         */
        public Builder directoryId(String value) { directoryId = value; return this; }

        /**
         * The request.
         *
         * @return the request
         */
        public CreateProjectRequest build() {
            Required.check("CreateProjectRequest", "name", name);
            return new CreateProjectRequest(name, feedbackTypes, directoryId);
        }
    }

    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
