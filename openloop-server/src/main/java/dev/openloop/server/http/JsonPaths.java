package dev.openloop.server.http;

import com.fasterxml.jackson.core.JsonStreamContext;
import java.util.ArrayList;
import java.util.List;

/** Where a parser stands in a request body, as FastAPI names it: {@code ["body", field, index, ...]}. */
final class JsonPaths {
    private JsonPaths() {
    }

    /**
     * The location of the value the parser stands on in {@code context}. When the parser has just
     * entered an object or array ({@code entered}), that container's own context is not part of the
     * location.
     */
    static List<Object> of(JsonStreamContext context, boolean entered) {
        List<Object> reversed = new ArrayList<>();
        JsonStreamContext current = entered && context != null ? context.getParent() : context;
        while (current != null && !current.inRoot()) {
            if (current.inObject()) {
                if (current.getCurrentName() != null) {
                    reversed.add(current.getCurrentName());
                }
            } else if (current.inArray()) {
                reversed.add(Math.max(0, current.getCurrentIndex()));
            }
            current = current.getParent();
        }
        List<Object> loc = new ArrayList<>(reversed.size() + 1);
        loc.add("body");
        for (int i = reversed.size() - 1; i >= 0; i--) {
            loc.add(reversed.get(i));
        }
        return loc;
    }
}
