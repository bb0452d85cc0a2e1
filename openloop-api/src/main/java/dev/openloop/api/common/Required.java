package dev.openloop.api.common;

import java.util.ArrayList;
import java.util.List;

/**
 * The check a builder makes of the fields the API requires, so that a request missing one fails
 * when it is built, with the names of what is missing, rather than as a 422 from the server.
 */
public final class Required {
    private Required() {
    }

    /**
     * Checks that every named value is present: not {@code null}, and not blank when it is a string.
     *
     * @param what what is being built, e.g. {@code CreateExperimentRequest}
     * @param namesAndValues pairs of a field's name, as its builder method spells it, and its value
     * @throws IllegalStateException naming each missing field, e.g. {@code CreateExperimentRequest
     *     needs positiveLabels (positive_labels on the wire)}
     */
    public static void check(String what, Object... namesAndValues) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            if (value == null || value instanceof String text && text.isBlank()) {
                String name = (String) namesAndValues[i];
                missing.add(name + " (" + wireName(name) + " on the wire)");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(what + " needs " + String.join(" and ", missing)
                    + ": the API requires " + (missing.size() == 1 ? "it" : "them"));
        }
    }

    /** {@code positiveLabels} as the wire spells it, {@code positive_labels}. */
    static String wireName(String javaName) {
        StringBuilder wire = new StringBuilder();
        for (char c : javaName.toCharArray()) {
            if (Character.isUpperCase(c)) {
                wire.append('_').append(Character.toLowerCase(c));
            } else {
                wire.append(c);
            }
        }
        return wire.toString();
    }
}
