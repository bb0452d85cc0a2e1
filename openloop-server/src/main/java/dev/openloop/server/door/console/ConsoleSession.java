package dev.openloop.server.door.console;

/**
 * A signed-in browser, as the node holds it: the cookie carries only {@code id}.
 *
 * @param id the random value of the session cookie
 * @param keyHash the hash of the API key it was opened with, so that revoking the key ends it
 * @param csrfToken the token every form of this session must send back with a change
 * @param createdAtMillis when it was opened
 * @param lastSeenMillis when it was last used
 */
public record ConsoleSession(String id, String keyHash, String csrfToken, long createdAtMillis, long lastSeenMillis) {

    ConsoleSession seenAt(long nowMillis) {
        return new ConsoleSession(id, keyHash, csrfToken, createdAtMillis, nowMillis);
    }
}
