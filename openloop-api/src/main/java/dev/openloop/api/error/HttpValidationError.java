package dev.openloop.api.error;

import java.util.List;

/**
 * The body of a 422: {@code {"detail": [{loc, msg, type}, ...]}}.
 *
 * @param detail the problems found
 */
public record HttpValidationError(List<ValidationError> detail) {
}
