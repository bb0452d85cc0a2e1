package dev.openloop.server.observe;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Label values that come from callers (model names, project ids), kept to a bounded number: each
 * new value is let through until {@code max} distinct ones were seen, later new ones become
 * {@value #OTHER}, so that a caller sending a new name per request cannot grow the node's meters
 * without end. Values are cut to {@value #MAX_LENGTH} characters.
 */
public final class BoundedLabels {
    public static final String OTHER = "other";
    static final int MAX_LENGTH = 100;

    private final int max;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    public BoundedLabels(int max) {
        this.max = max;
    }

    /** {@code value} as a label: itself (cut), {@code none} when absent, or {@value #OTHER} past the bound. */
    public String of(String value) {
        if (value == null || value.isEmpty()) {
            return "none";
        }
        String cut = value.length() <= MAX_LENGTH ? value : value.substring(0, MAX_LENGTH);
        if (seen.contains(cut)) {
            return cut;
        }
        synchronized (seen) {
            if (seen.size() < max) {
                seen.add(cut);
                return cut;
            }
        }
        return OTHER;
    }
}
