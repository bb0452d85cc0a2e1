package dev.openloop.api.project;

/**
 * A value a feedback type can take, and its sentiment ({@code CategoricalFeedbackLabel} in answers,
 * {@code FeedbackLabelRequest} in requests, where the sentiment may be left out).
 *
 * @param value the label
 * @param sentiment how it feels
 */
public record FeedbackLabel(String value, LabelSentiment sentiment) {
}
