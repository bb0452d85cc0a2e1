package dev.openloop.server.door.console;

/**
 * A signed-in browser, as the node holds it: the cookie carries only {@code id}.
 *
 * @param id the random value of the session cookie
 * @param keyHash the hash of the API key it was opened with, so that revoking the key ends it
 * @param csrfToken the token every form of this session must send back with a change
 * @param createdAtMillis when it was opened
 * @param lastSeenMillis when it was last used
 * @param mayChange whether its key may make changes (a {@code write} or {@code admin} key), as
 *     {@link Guard} found it for the request at hand; the pages show no change to a key that may not
 */
public record ConsoleSession(String id, String keyHash, String csrfToken, long createdAtMillis, long lastSeenMillis,
        boolean mayChange) {

    ConsoleSession seenAt(long nowMillis) {
        return new ConsoleSession(id, keyHash, csrfToken, createdAtMillis, nowMillis, mayChange);
    }

    ConsoleSession mayChange(boolean value) {
        return new ConsoleSession(id, keyHash, csrfToken, createdAtMillis, lastSeenMillis, value);
    }
}
