package dev.openloop.server.http;

import io.helidon.webserver.http.ServerResponse;

/**
 * How a door whose error shape is not v4's answers the errors that reach the node's own error
 * handling on its paths: a request Helidon refused before routing, a filter's refusal of the
 * shared binding kit, a fault of the server, the database gone. Without it those would answer in
 * v4's {@code {"detail": ...}} on every path.
 */
public interface DoorErrors {

    /** The body of an error that is only a status and a message for the caller. */
    Object body(int status, String message);

    /**
     * Writes {@code failure} in the door's shape: an {@link ApiException} of the shared binding
     * kit, or a failure of the core ({@code failure.Refusal}, {@code provider.ProviderFailure})
     * that a filter met before the door's routes (the database gone while a key was checked).
     */
    void write(ServerResponse res, RuntimeException failure);
}
