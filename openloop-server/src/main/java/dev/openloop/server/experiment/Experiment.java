package dev.openloop.server.experiment;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.openloop.api.project.PositiveLabel;
import dev.openloop.server.json.Json;
import java.util.List;

/**
 * A stored experiment.
 *
 * @param id {@code exp_…}
 * @param projectId its project
 * @param name its name, unique in the project
 * @param positiveLabels JSON array of the labels that count as success
 * @param createdAt epoch milliseconds
 * @param updatedAt epoch milliseconds
 */
public record Experiment(String id, String projectId, String name, String positiveLabels, long createdAt, long updatedAt) {
    private static final TypeReference<List<PositiveLabel>> LABELS = new TypeReference<>() { };

    /** The labels that count as success. */
    public List<PositiveLabel> labels() {
        return Json.MAPPER.convertValue(Json.tree(positiveLabels), LABELS);
    }
}
