package dev.openloop.server.limit;

import dev.openloop.server.config.EnvReader;
import java.time.Duration;
import java.util.Locale;

/**
 * Where the limits' counters live and what a node does without them.
 *
 * @param redisUrl the Redis the nodes share their counters in; null keeps them in this node's memory
 * @param redisTimeout how long a Redis command may take before the counters count as unreachable
 * @param failOpen whether calls go on unlimited while Redis cannot be reached (else they are refused with 503)
 * @param rulesTtl how long a node uses the limits it read from the store before reading them again
 */
public record LimitSettings(String redisUrl, Duration redisTimeout, boolean failOpen, Duration rulesTtl) {

    /** Reads {@code OPENLOOP_REDIS_*} and {@code OPENLOOP_LIMITS_*}. */
    public static LimitSettings fromEnvironment(EnvReader read) {
        String url = read.string("OPENLOOP_REDIS_URL", null);
        if (url != null && !url.startsWith("redis://") && !url.startsWith("rediss://")) {
            // The URL may hold a password: the message names the variable, not its value.
            throw new IllegalArgumentException("OPENLOOP_REDIS_URL must be a redis:// or rediss:// URL");
        }
        String without = read.string("OPENLOOP_LIMITS_WITHOUT_REDIS", "open").toLowerCase(Locale.ROOT);
        if (!without.equals("open") && !without.equals("closed")) {
            throw new IllegalArgumentException("OPENLOOP_LIMITS_WITHOUT_REDIS must be open or closed, not '" + without + "'");
        }
        Duration timeout = read.duration("OPENLOOP_REDIS_TIMEOUT_MS", Duration.ofMillis(250));
        Duration rulesTtl = read.duration("OPENLOOP_LIMITS_CACHE_MS", Duration.ofSeconds(10));
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("OPENLOOP_REDIS_TIMEOUT_MS must be at least 1");
        }
        return new LimitSettings(url == null || url.isBlank() ? null : url, timeout, without.equals("open"),
                rulesTtl.isNegative() ? Duration.ZERO : rulesTtl);
    }

    /** The counters these settings name: in Redis when a URL is set, else in memory. */
    public LimitCounters counters() {
        return redisUrl == null ? new MemoryCounters() : new RedisCounters(redisUrl, redisTimeout);
    }
}
