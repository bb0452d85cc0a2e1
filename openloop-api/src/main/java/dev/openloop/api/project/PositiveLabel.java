package dev.openloop.api.project;

/**
 * A feedback label that counts as success, e.g. {@code {"type":"rating","value":"good"}}.
 *
 * @param type the feedback type
 * @param value the label
 */
public record PositiveLabel(String type, String value) {
}
