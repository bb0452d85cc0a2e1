package dev.openloop.server.observe;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id of one request, as it appears in the answer's {@code X-Request-Id} and in every log
 * line of the request. A caller's own id is kept when it is short and plain, so that its logs and
 * ours can be joined; anything else (too long, or characters that could forge a log line or a
 * header) is replaced by a new id.
 */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    static final int MAX_LENGTH = 128;
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:@/+=-]{1," + MAX_LENGTH + "}");

    private RequestIds() {
    }

    /** {@code sent} when it is a usable id, else a new one. */
    public static String of(String sent) {
        if (sent != null && PLAIN.matcher(sent).matches()) {
            return sent;
        }
        return UUID.randomUUID().toString();
    }
}
