package dev.openloop.api.project;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.common.Unmodifiable;
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

    /** A project with just a name. */
    public static CreateProjectRequest named(String name) {
        return new CreateProjectRequest(name, null, null);
    }


    /** A builder. */
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

        /** See {@link CreateProjectRequest#name()}. */
        public Builder name(String value) { name = value; return this; }
        /** See {@link CreateProjectRequest#feedbackTypes()}. */
        public Builder feedbackTypes(List<FeedbackTypeRequest> value) { feedbackTypes = value == null ? null : List.copyOf(value); return this; }
        /** See {@link CreateProjectRequest#feedbackTypes()}. */
        public Builder feedbackTypes(FeedbackTypeRequest... value) { return feedbackTypes(List.of(value)); }
        /** See {@link CreateProjectRequest#directoryId()}. */
        public Builder directoryId(String value) { directoryId = value; return this; }

        /** The request. */
        public CreateProjectRequest build() {
            return new CreateProjectRequest(name, feedbackTypes, directoryId);
        }
    }
}
