package dev.openloop.api.project;

import dev.openloop.api.json.WireText;
import java.util.List;

/**
 * A feedback type of a project.
 *
 * @param type its name
 * @param values the labels it takes, for select types
 */
public record FeedbackTypeModel(String type, List<FeedbackLabel> values) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
