package dev.openloop.server.limit;

import java.util.Objects;

/**
 * One limit as a counter checks it: the counter's name (whose and what it counts, e.g.
 * {@code key:key_3f9a:requests}), the window it counts in, the most it may reach, and what
 * admitting a call adds to it at once.
 *
 * <p>A count of requests adds 1 on admission: a call is admitted while the count stays within the
 * maximum once it is added. Tokens and spend are known only when the call is over, so they add
 * nothing on admission and are added afterwards ({@link LimitCounters#add}): a call is admitted
 * while the count is below the maximum, and the call that takes it over is the last one admitted.
 *
 * @param counter the counter's name, unique per subject and measure
 * @param window the window it counts in
 * @param maximum the most the count may reach, at least 1
 * @param onAdmission what admitting a call adds: 1 for requests, 0 for what is counted afterwards
 * @param description how a refusal names the limit, e.g. "the key key_3f9a's requests per minute (60)"
 */
public record Quota(String counter, LimitWindow window, long maximum, long onAdmission, String description) {
    public Quota {
        Objects.requireNonNull(counter);
        Objects.requireNonNull(window);
        Objects.requireNonNull(description);
        if (maximum < 1) {
            throw new IllegalArgumentException("a quota's maximum is at least 1: " + maximum);
        }
        if (onAdmission < 0) {
            throw new IllegalArgumentException("a quota adds nothing negative: " + onAdmission);
        }
    }

    /** Whether a count of {@code current} leaves room for one more call. */
    public boolean hasRoom(long current) {
        return onAdmission > 0 ? current + onAdmission <= maximum : current < maximum;
    }
}
