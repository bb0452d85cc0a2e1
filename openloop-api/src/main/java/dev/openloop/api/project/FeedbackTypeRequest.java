package dev.openloop.api.project;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Creates or updates a project's feedback type.
 *
 * @param type its name, e.g. {@code rating} or a custom one
 * @param values the labels it takes, for select types
 * @param feedbackClass what kind of values it takes ({@code class} on the wire)
 */
public record FeedbackTypeRequest(String type, List<FeedbackLabel> values, @JsonProperty("class") FeedbackClass feedbackClass) {
}
