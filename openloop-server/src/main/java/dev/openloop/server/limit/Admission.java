package dev.openloop.server.limit;

import java.time.Instant;

/**
 * What the counters said of a call: admitted, or refused by the first quota without room, with
 * when that quota's window ends (when the call may be tried again).
 *
 * @param refusedBy the quota that refused the call, or null when it was admitted
 * @param retryAt when the refusing quota's window ends, or null
 */
public record Admission(Quota refusedBy, Instant retryAt) {
    /** The call may go on; each quota's admission count has been added. */
    public static final Admission ADMITTED = new Admission(null, null);

    /** Refused by {@code quota}, whose count starts again at {@code retryAt}. */
    public static Admission refused(Quota quota, Instant retryAt) {
        return new Admission(quota, retryAt);
    }

    /** Whether the call may go on. */
    public boolean admitted() {
        return refusedBy == null;
    }
}
