package dev.openloop.api.error;

import dev.openloop.api.json.WireText;
import java.util.List;

/**
 * One problem with a request, in FastAPI's shape.
 *
 * @param loc where: {@code "body"} (or {@code "query"}, {@code "path"}) followed by field names and
 *     list indexes
 * @param msg what is wrong, in words
 * @param type a machine-readable kind, e.g. {@code value_error.missing}
 */
public record ValidationError(List<Object> loc, String msg, String type) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
