package dev.openloop.api.project;

import java.util.List;

/**
 * A feedback type of a project.
 *
 * @param type its name
 * @param values the labels it takes, for select types
 */
public record FeedbackTypeModel(String type, List<FeedbackLabel> values) {
}
