package dev.openloop.server.door.console;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's sessions, held by the node that opened them (a browser keeps to one node behind a
 * sticky load balancer; a restart signs everyone out). A session ends when signed out, when unused
 * for {@code idle}, once {@code lifetime} has passed since sign-in, or when its key is revoked.
 */
public final class ConsoleSessions {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_SESSIONS = 10_000;

    private final Map<String, ConsoleSession> byId = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long idleMillis;
    private final long lifetimeMillis;

    public ConsoleSessions(Clock clock, Duration idle, Duration lifetime) {
        this.clock = clock;
        this.idleMillis = idle.toMillis();
        this.lifetimeMillis = lifetime.toMillis();
    }

    /** A new session for the key of {@code keyHash}. */
    public ConsoleSession open(String keyHash) {
        long now = clock.millis();
        if (byId.size() >= MAX_SESSIONS) {
            byId.values().removeIf(session -> expired(session, now));
            if (byId.size() >= MAX_SESSIONS) {
                // Full of live sessions: the oldest makes room, so memory stays bounded.
                byId.values().stream().min((a, b) -> Long.compare(a.lastSeenMillis(), b.lastSeenMillis()))
                        .ifPresent(oldest -> byId.remove(oldest.id()));
            }
        }
        ConsoleSession session = new ConsoleSession(randomToken(), keyHash, randomToken(), now, now, true);
        byId.put(session.id(), session);
        return session;
    }

    /** The live session with this cookie value, marked used now; empty when unknown or expired. */
    public Optional<ConsoleSession> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        ConsoleSession session = byId.get(id);
        if (session == null) {
            return Optional.empty();
        }
        long now = clock.millis();
        if (expired(session, now)) {
            byId.remove(id);
            return Optional.empty();
        }
        ConsoleSession seen = session.seenAt(now);
        byId.put(id, seen);
        return Optional.of(seen);
    }

    /** Ends one session. */
    public void end(String id) {
        byId.remove(id);
    }

    /** Ends every session opened with the key of {@code keyHash}. */
    public void endAllOf(String keyHash) {
        byId.values().removeIf(session -> session.keyHash().equals(keyHash));
    }

    /** Whether {@code given} is the session's CSRF token, compared in constant time. */
    public static boolean csrfMatches(ConsoleSession session, String given) {
        return given != null && MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    private boolean expired(ConsoleSession session, long now) {
        return now - session.lastSeenMillis() >= idleMillis || now - session.createdAtMillis() >= lifetimeMillis;
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
