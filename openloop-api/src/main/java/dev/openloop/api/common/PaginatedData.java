package dev.openloop.api.common;

import dev.openloop.api.json.WireText;
import java.util.List;

/**
 * One page of a list ({@code PaginatedData_*} in the v4 schema).
 *
 * @param records the items of this page
 * @param page the page number, as the endpoint counts them (0-based for most, 1-based for sessions)
 * @param size the page size asked for
 * @param total how many items there are in all pages
 * @param <T> the item type
 */
public record PaginatedData<T>(List<T> records, int page, int size, long total) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
