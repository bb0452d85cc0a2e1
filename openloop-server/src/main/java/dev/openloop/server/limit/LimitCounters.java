package dev.openloop.server.limit;

import java.time.Instant;
import java.util.List;

/**
 * The counts that limits are checked against: held by one node ({@link MemoryCounters}) or shared
 * by every node through Redis ({@link RedisCounters}). A count belongs to its counter and to the
 * window that holds the instant it is asked about, so it starts from zero in each window.
 */
public interface LimitCounters extends AutoCloseable {

    /**
     * Admits a call when every quota has room at {@code now}, adding each quota's admission count;
     * otherwise adds nothing and says which quota refused it. All or nothing, also between nodes:
     * two calls for the last place cannot both get it.
     *
     * @throws Unreachable when the shared counters cannot be reached
     */
    Admission admit(List<Quota> quotas, Instant now);

    /**
     * Adds what a call used (tokens, micro-dollars), once it is over, to each counter's count in
     * its window at {@code now}: in one exchange with the shared counters, however many there are.
     *
     * @throws Unreachable when the shared counters cannot be reached
     */
    void add(List<Addition> additions, Instant now);

    /** {@code amount} to add to {@code counter}'s count in {@code window}. */
    record Addition(String counter, LimitWindow window, long amount) {
    }

    /**
     * {@code counter}'s count in {@code window} at {@code now}.
     *
     * @throws Unreachable when the shared counters cannot be reached
     */
    long current(String counter, LimitWindow window, Instant now);

    /** Whether the counters answer now: for {@code /readyz}. */
    boolean reachable();

    @Override
    void close();

    /** The shared counters did not answer; whether the call goes on is the setting's choice. */
    final class Unreachable extends RuntimeException {
        public Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
