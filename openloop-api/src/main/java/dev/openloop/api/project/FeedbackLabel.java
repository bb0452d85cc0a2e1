package dev.openloop.api.project;

import dev.openloop.api.json.WireText;

/**
 * A value a feedback type can take, and its sentiment ({@code CategoricalFeedbackLabel} in answers,
 * {@code FeedbackLabelRequest} in requests, where the sentiment may be left out).
 *
 * @param value the label
 * @param sentiment how it feels
 */
public record FeedbackLabel(String value, LabelSentiment sentiment) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
