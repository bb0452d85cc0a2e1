package dev.openloop.server.limit;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.openloop.server.failure.Refusal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a call meets the limits of its key and its project: admitted before it reaches a provider,
 * or refused with the limit it reached and when that limit's window starts again; once it is over,
 * its tokens and cost are counted towards the limits that measure them.
 *
 * <p>Spend is counted in picodollars (USD × 10¹²), as the logs' costs are, so that a budget adds
 * up exactly what the logs say; a budget is set in micro-dollars.
 *
 * <p>Requests are counted on admission, so a requests limit holds exactly, on one node or, with
 * Redis, on all. Tokens and spend are known only when a call ends: a call is admitted while its
 * subject is below the limit, so the limit can be passed by what the calls admitted meanwhile
 * use (the overshoot bound in docs/operations.md). The limits are read from the store and
 * kept for {@code rulesTtl}; a change through this node applies at once, on the others within it.
 */
public final class LimitGate {
    private static final System.Logger LOG = System.getLogger(LimitGate.class.getName());

    private final LimitRules rules;
    private final LimitCounters counters;
    private final boolean failOpen;
    private final Clock clock;
    private final LoadingCache<String, Limits> cached;

    /**
     * @param failOpen whether a call goes on when the shared counters cannot be reached (else it is refused with a 503)
     * @param rulesTtl how long limits read from the store are used before they are read again
     */
    public LimitGate(LimitRules rules, LimitCounters counters, boolean failOpen, Clock clock, Duration rulesTtl) {
        this.rules = rules;
        this.counters = counters;
        this.failOpen = failOpen;
        this.clock = clock;
        this.cached = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(rulesTtl).build(rules::of);
    }

    /** Whose limits a call counts against: its key, its project; either may be null. */
    public record Subjects(String keyId, String projectId) {
        List<String> all() {
            List<String> all = new ArrayList<>(2);
            if (keyId != null) {
                all.add("key:" + keyId);
            }
            if (projectId != null) {
                all.add("project:" + projectId);
            }
            return all;
        }
    }

    /**
     * Admits one call of {@code subjects}, counting it as a request.
     *
     * @throws Refusal {@link Refusal.Kind#LIMITED} naming the first limit reached, or
     *     {@link Refusal.Kind#UNAVAILABLE} when the shared counters cannot be reached and the node fails closed
     */
    public void admit(Subjects subjects) {
        List<Quota> quotas = new ArrayList<>();
        for (String subject : subjects.all()) {
            quotas.addAll(quotas(subject, cached.get(subject)));
        }
        if (quotas.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Admission admission;
        try {
            admission = counters.admit(quotas, now);
        } catch (LimitCounters.Unreachable e) {
            if (failOpen) {
                LOG.log(System.Logger.Level.WARNING, "a call went on without its limits checked: " + e.getMessage());
                return;
            }
            throw Refusal.unavailable("The limits could not be checked: the shared counters (Redis) did not answer");
        }
        if (!admission.admitted()) {
            long seconds = Duration.between(now, admission.retryAt()).toMillis();
            throw Refusal.limited(admission.refusedBy().description() + " is reached",
                    (seconds + 999) / 1000);
        }
    }

    /**
     * Counts what a call used, once it is over, towards the limits of {@code subjects} that measure
     * it: {@code tokens} as the provider reported them, {@code costPico} (picodollars) when the cost is known.
     */
    public void settle(Subjects subjects, long tokens, Long costPico) {
        List<LimitCounters.Addition> additions = new ArrayList<>();
        for (String subject : subjects.all()) {
            Limits limits = cached.get(subject);
            // Counts of 0 are sent too: the counters skip them, so no comparison here can be off by one.
            if (limits.tokensPerMinute() != null) {
                additions.add(new LimitCounters.Addition(subject + ":tokens", LimitWindow.MINUTE, tokens));
            }
            if (costPico != null) {
                if (limits.spendPerDayMicros() != null) {
                    additions.add(new LimitCounters.Addition(subject + ":spend", LimitWindow.DAY, costPico));
                }
                if (limits.spendPerMonthMicros() != null) {
                    additions.add(new LimitCounters.Addition(subject + ":spend", LimitWindow.MONTH, costPico));
                }
            }
        }
        if (additions.isEmpty()) {
            return;
        }
        try {
            counters.add(additions, clock.instant());
        } catch (LimitCounters.Unreachable e) {
            LOG.log(System.Logger.Level.WARNING, "what a call used was not counted towards its limits: " + e.getMessage());
        }
    }

    /** The limits stored for {@code subject}, as the store has them now. */
    public Limits limitsOf(String subject) {
        return rules.of(subject);
    }

    /** Every subject with limits, by subject. */
    public java.util.Map<String, Limits> all() {
        return rules.all();
    }

    /** Sets {@code subject}'s limits, applied by this node from its next call. */
    public void set(String subject, Limits limits) {
        rules.set(subject, limits);
        cached.invalidate(subject);
    }

    /** Whether the counters can be reached now, for {@code /readyz}. */
    public boolean countersReachable() {
        return counters.reachable();
    }

    private static List<Quota> quotas(String subject, Limits limits) {
        List<Quota> quotas = new ArrayList<>(4);
        String whose = subject.replace(':', ' ');
        if (limits.requestsPerMinute() != null) {
            quotas.add(new Quota(subject + ":requests", LimitWindow.MINUTE, limits.requestsPerMinute(), 1,
                    "The " + whose + "'s limit of " + limits.requestsPerMinute() + " requests per minute"));
        }
        if (limits.tokensPerMinute() != null) {
            quotas.add(new Quota(subject + ":tokens", LimitWindow.MINUTE, limits.tokensPerMinute(), 0,
                    "The " + whose + "'s limit of " + limits.tokensPerMinute() + " tokens per minute"));
        }
        if (limits.spendPerDayMicros() != null) {
            quotas.add(new Quota(subject + ":spend", LimitWindow.DAY, Usd.picos(limits.spendPerDayMicros()), 0,
                    "The " + whose + "'s budget of " + Usd.of(limits.spendPerDayMicros()) + " USD per day"));
        }
        if (limits.spendPerMonthMicros() != null) {
            quotas.add(new Quota(subject + ":spend", LimitWindow.MONTH, Usd.picos(limits.spendPerMonthMicros()), 0,
                    "The " + whose + "'s budget of " + Usd.of(limits.spendPerMonthMicros()) + " USD per month"));
        }
        return quotas;
    }
}
