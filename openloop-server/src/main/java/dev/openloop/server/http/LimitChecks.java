package dev.openloop.server.http;

import dev.openloop.server.failure.Refusal;
import dev.openloop.server.json.Json;
import dev.openloop.server.web.InputLimits;
import java.util.Collection;
import java.util.List;

/**
 * The checks of a bound body against a limit, each answered in FastAPI's words with the limit
 * and, when it is one, the setting that raises it.
 */
public final class LimitChecks {
    /** The {@code type} of a list with too many items. */
    public static final String MAX_ITEMS_TYPE = "value_error.list.max_items";
    /** The {@code type} of a string with too many characters. */
    public static final String MAX_LENGTH_TYPE = "value_error.any_str.max_length";
    /** The {@code type} of a value too large as JSON, or of a request asking for too much. */
    public static final String TOO_LARGE_TYPE = Refusal.Problem.TOO_LARGE;

    private LimitChecks() {
    }

    /** Notes {@code list} when it has more than {@code max} items; {@code setting} names what raises it, or is null. */
    public static boolean items(Collection<?> list, int max, String setting, List<Object> loc, RequestBodies.Problems problems) {
        if (list == null || list.size() <= max) {
            return true;
        }
        problems.add(loc, "ensure this list has at most " + max + " items" + by(setting), MAX_ITEMS_TYPE);
        return false;
    }

    /** Notes {@code text} when it has more than {@code max} characters. */
    public static void length(String text, int max, List<Object> loc, RequestBodies.Problems problems) {
        if (text != null && text.length() > max) {
            problems.add(loc, "ensure this value has at most " + max + " characters", MAX_LENGTH_TYPE);
        }
    }

    /**
     * Notes a name or identifier the stores index (a project's name, a reference id...) longer
     * than {@link InputLimits#MAX_NAME_LENGTH}: PostgreSQL refuses index entries beyond about
     * 2,700 bytes, and no name needs more.
     */
    public static void name(String text, List<Object> loc, RequestBodies.Problems problems) {
        length(text, InputLimits.MAX_NAME_LENGTH, loc, problems);
    }

    /** Notes {@code value} when its JSON takes more than {@code max} bytes. */
    public static void jsonBytes(Object value, int max, String setting, List<Object> loc, RequestBodies.Problems problems) {
        if (value == null) {
            return;
        }
        int size = Json.bytes(value).length;
        if (size > max) {
            problems.add(loc, "ensure this value takes at most " + max + " bytes as JSON (it takes " + size + ")" + by(setting),
                    TOO_LARGE_TYPE);
        }
    }

    /** " (SETTING)", or nothing for a fixed limit. */
    public static String by(String setting) {
        return setting == null ? "" : " (" + setting + ")";
    }
}
