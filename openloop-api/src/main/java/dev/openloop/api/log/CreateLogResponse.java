package dev.openloop.api.log;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A log just made.
 *
 * @param id {@code data_…}
 * @param projectId its project
 * @param sessionId its session, if any
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateLogResponse(String id, String projectId, String sessionId) {
}
