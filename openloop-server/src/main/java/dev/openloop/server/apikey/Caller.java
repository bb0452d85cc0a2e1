package dev.openloop.server.apikey;

import dev.openloop.server.failure.Refusal;
import io.helidon.webserver.http.ServerRequest;

/**
 * Who is calling: the key a request came with and what it reaches. The auth filters put it on
 * the request; the doors read it with {@link #of}. Whatever is later limited per key (request
 * rates, spend) is looked up by {@link #keyId}.
 *
 * @param keyId the key's id ({@link ApiKeyHash#idOf}), never the key
 * @param scope the key's role and projects
 */
public record Caller(String keyId, KeyScope scope) {

    /** The caller of {@code req}, as its auth filter found it. */
    public static Caller of(ServerRequest req) {
        // No caller means no filter authenticated the request: refuse rather than serve it unlimited.
        return req.context().get(Caller.class)
                .orElseThrow(() -> Refusal.unauthorized("The request was not authenticated"));
    }

    /** Puts {@code caller} on {@code req}, for the routes to read with {@link #of}. */
    public static void attach(ServerRequest req, Caller caller) {
        req.context().register(caller);
    }

    /** Whether the caller may do what needs {@code role}. */
    public boolean may(Role role) {
        return scope.role().allows(role);
    }

    /** Refuses with 403 unless the caller may do what needs {@code role}; {@code what} names it for the message. */
    public void require(Role role, String what) {
        if (!may(role)) {
            throw Refusal.forbidden("This API key's role is " + scope.role().wireName() + ": " + what + " needs a "
                    + role.wireName() + " key");
        }
    }
}
