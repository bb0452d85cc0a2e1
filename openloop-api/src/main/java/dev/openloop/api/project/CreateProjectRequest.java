package dev.openloop.api.project;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
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

    /** A project with just a name. */
    public static CreateProjectRequest named(String name) {
        return new CreateProjectRequest(name, null, null);
    }
}
