package dev.openloop.server.http;

/**
 * What text a request may carry: text the stores keep exactly. A NUL character cannot be stored by
 * PostgreSQL, and a lone UTF-16 surrogate (JSON's {@code "\ud800"} without its pair) has no UTF-8
 * form, so SQLite's driver writes {@code ?} in its place: such text is refused, never changed.
 */
public final class StoredText {
    /** The {@code type} of a refusal for a NUL character. */
    public static final String NUL_TYPE = "value_error.str.nul";
    /** The {@code type} of a refusal for a lone surrogate. */
    public static final String SURROGATE_TYPE = "value_error.str.surrogate";

    private StoredText() {
    }

    /** Why {@code text} cannot be kept, or {@code null} when it can. */
    public static Refusal check(CharSequence text) {
        return check(text, 0, text.length());
    }

    /** Why the {@code length} characters of {@code text} from {@code offset} cannot be kept, or {@code null}. */
    public static Refusal check(char[] text, int offset, int length) {
        return check(java.nio.CharBuffer.wrap(text, offset, length), 0, length);
    }

    private static Refusal check(CharSequence text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return Refusal.NUL;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return Refusal.LONE_SURROGATE;
                }
            } else if (Character.isLowSurrogate(c)) {
                return Refusal.LONE_SURROGATE;
            }
        }
        return null;
    }

    /** Why a text is refused: its message (said of {@code what}, e.g. "text" or "a key") and {@code type}. */
    public enum Refusal {
        NUL("holds a NUL character (\\u0000), which cannot be stored", NUL_TYPE),
        LONE_SURROGATE("holds a lone UTF-16 surrogate (such as \\ud800 without its pair), which has no UTF-8 form"
                + " and cannot be stored as sent", SURROGATE_TYPE);

        private final String problem;
        private final String type;

        Refusal(String problem, String type) {
            this.problem = problem;
            this.type = type;
        }

        /** The message, e.g. "text holds a NUL character ...". */
        public String message(String what) {
            return what + " " + problem;
        }

        public String type() {
            return type;
        }
    }
}
