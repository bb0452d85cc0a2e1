package dev.openloop.server.limit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Counters that every node shares, in one Redis server: N nodes then hold one limit between them.
 * An admission is one Lua script, which Redis runs alone, so that checking every quota and adding
 * to them is atomic across nodes. A count's key expires a minute after its window ends.
 *
 * <p>Every key shares the hash tag {@code {openloop-limits}}, so that a script's keys are in one
 * slot should the server be a cluster's node. The connection is made on first use and remade by
 * the client when it drops; meanwhile every command fails at once ({@link Unreachable}), and the
 * node does what {@code OPENLOOP_LIMITS_WITHOUT_REDIS} says.
 */
public final class RedisCounters implements LimitCounters {
    private static final System.Logger LOG = System.getLogger(RedisCounters.class.getName());
    private static final String PREFIX = "openloop:{openloop-limits}:";
    /** How long a window's count is kept after the window ended: for a clock a little behind on another node. */
    private static final Duration KEPT_AFTER_WINDOW = Duration.ofMinutes(1);
    /** How long after a failed connection the next attempt waits, so that a Redis that is down is not asked by every call. */
    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(1);

    /**
     * KEYS: the quotas' count keys. ARGV: for each quota, its maximum, what admission adds, and when
     * its key expires (ms since the epoch). Returns 0 when admitted (the additions made), else the
     * 1-based position of the first quota without room.
     */
    private static final String ADMIT = """
            for i = 1, #KEYS do
              local current = tonumber(redis.call('GET', KEYS[i]) or '0')
              local maximum = tonumber(ARGV[3 * i - 2])
              local adds = tonumber(ARGV[3 * i - 1])
              if (adds > 0 and current + adds > maximum) or (adds == 0 and current >= maximum) then
                return i
              end
            end
            for i = 1, #KEYS do
              local adds = tonumber(ARGV[3 * i - 1])
              if adds > 0 then
                redis.call('INCRBY', KEYS[i], adds)
                redis.call('PEXPIREAT', KEYS[i], ARGV[3 * i])
              end
            end
            return 0
            """;

    /** KEYS: count keys. ARGV: for each, the amount and when the key expires (ms since the epoch). */
    private static final String ADD = """
            for i = 1, #KEYS do
              redis.call('INCRBY', KEYS[i], ARGV[2 * i - 1])
              redis.call('PEXPIREAT', KEYS[i], ARGV[2 * i])
            end
            return 0
            """;

    private final RedisClient client;
    private final Duration timeout;
    private StatefulRedisConnection<String, String> connection;
    private long nextAttemptNanos;

    /**
     * @param url a {@code redis://} or {@code rediss://} URL, with a password or database when the server needs them
     * @param timeout how long a command may take before the counters count as unreachable
     */
    public RedisCounters(String url, Duration timeout) {
        this.timeout = timeout;
        this.client = RedisClient.create(RedisURI.create(url));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // While the connection is down, fail at once rather than queue: a call waits for no one.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
    }

    @Override
    public Admission admit(List<Quota> quotas, Instant now) {
        if (quotas.isEmpty()) {
            return Admission.ADMITTED;
        }
        String[] keys = new String[quotas.size()];
        String[] args = new String[quotas.size() * 3];
        for (int i = 0; i < quotas.size(); i++) {
            Quota quota = quotas.get(i);
            keys[i] = key(quota.counter(), quota.window(), now);
            args[3 * i] = Long.toString(quota.maximum());
            args[3 * i + 1] = Long.toString(quota.onAdmission());
            args[3 * i + 2] = Long.toString(expiry(quota.window(), now));
        }
        Long refusedAt = run(commands -> commands.eval(ADMIT, ScriptOutputType.INTEGER, keys, args));
        if (refusedAt == null || refusedAt == 0) {
            return Admission.ADMITTED;
        }
        Quota quota = quotas.get(refusedAt.intValue() - 1);
        return Admission.refused(quota, quota.window().end(now));
    }

    @Override
    public void add(List<Addition> additions, Instant now) {
        List<Addition> counted = additions.stream().filter(addition -> addition.amount() != 0).toList();
        if (counted.isEmpty()) {
            return;
        }
        String[] keys = new String[counted.size()];
        String[] args = new String[counted.size() * 2];
        for (int i = 0; i < counted.size(); i++) {
            Addition addition = counted.get(i);
            keys[i] = key(addition.counter(), addition.window(), now);
            args[2 * i] = Long.toString(addition.amount());
            args[2 * i + 1] = Long.toString(expiry(addition.window(), now));
        }
        run(commands -> commands.eval(ADD, ScriptOutputType.INTEGER, keys, args));
    }

    @Override
    public long current(String counter, LimitWindow window, Instant now) {
        String value = run(commands -> commands.get(key(counter, window, now)));
        return value == null ? 0 : Long.parseLong(value);
    }

    @Override
    public boolean reachable() {
        try {
            return "PONG".equals(run(RedisCommands::ping));
        } catch (Unreachable e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
        }
        client.shutdown(Duration.ZERO, timeout);
    }

    private static String key(String counter, LimitWindow window, Instant now) {
        return PREFIX + counter + ":" + window.name().toLowerCase(java.util.Locale.ROOT) + ":" + window.start(now).getEpochSecond();
    }

    private static long expiry(LimitWindow window, Instant now) {
        return window.end(now).plus(KEPT_AFTER_WINDOW).toEpochMilli();
    }

    private interface Command<T> {
        T on(RedisCommands<String, String> commands);
    }

    private <T> T run(Command<T> command) {
        try {
            return command.on(connection().sync());
        } catch (RedisException e) {
            throw new Unreachable("Redis did not answer: " + e.getMessage(), e);
        }
    }

    /** The connection, made on first use; after a failed attempt, the next waits {@link #RECONNECT_PAUSE}. */
    private synchronized StatefulRedisConnection<String, String> connection() {
        if (connection != null) {
            return connection;
        }
        long now = System.nanoTime();
        if (nextAttemptNanos != 0 && now - nextAttemptNanos < 0) {
            throw new Unreachable("Redis could not be reached a moment ago; the next attempt is in under "
                    + RECONNECT_PAUSE.toMillis() + " ms", null);
        }
        try {
            StatefulRedisConnection<String, String> made = client.connect();
            made.setTimeout(timeout);
            connection = made;
            nextAttemptNanos = 0;
            return made;
        } catch (RedisException e) {
            nextAttemptNanos = now + RECONNECT_PAUSE.toNanos();
            LOG.log(System.Logger.Level.WARNING, "Redis for the limits could not be reached: " + e.getMessage());
            throw new Unreachable("Redis could not be reached: " + e.getMessage(), e);
        }
    }
}
