package dev.openloop.api.error;

import dev.openloop.api.json.WireText;
import java.util.List;

/**
 * The body of a 422: {@code {"detail": [{loc, msg, type}, ...]}}.
 *
 * @param detail the problems found
 */
public record HttpValidationError(List<ValidationError> detail) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
