package dev.openloop.server.apikey;

import io.helidon.webserver.http.ServerRequest;

/**
 * The API key a request was let in with, by id ({@code key_…}): what a door records with the
 * call's logs so that spend can be told by key. The key filters put it in the request's context.
 *
 * @param id the key's id, never the key
 */
public record CallerKey(String id) {

    /** The caller key of {@code key}, a key just accepted. */
    public static CallerKey of(String key) {
        return new CallerKey(ApiKeyHash.idOf(ApiKeyHash.of(key)));
    }

    /** The id of the key {@code req} was let in with; null when none was asked for (a route without a key). */
    public static String idOf(ServerRequest req) {
        return req.context().get(CallerKey.class).map(CallerKey::id).orElse(null);
    }
}
