package dev.openloop.api.project;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A user of a project.
 *
 * @param id {@code usr_…}
 * @param emailAddress their email
 * @param fullName their name
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProjectUserResponse(String id, String emailAddress, String fullName) {
}
