package dev.openloop.server.http;

import io.helidon.webserver.http.ServerRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which door's shape an error takes, by the request's path: the doors that answer in a shape of
 * their own, each under its path prefix (e.g. {@code /v1}); v4's {@code {"detail": ...}} on every
 * other path.
 */
public final class ErrorShapes {
    private final Map<String, DoorErrors> doors;

    private ErrorShapes(Map<String, DoorErrors> doors) {
        this.doors = doors;
    }

    /** v4's shape on every path. */
    public static ErrorShapes v4Only() {
        return new ErrorShapes(Map.of());
    }

    /** {@code doors} by path prefix, without the trailing slash (e.g. {@code /v1}); v4's shape elsewhere. */
    public static ErrorShapes of(Map<String, DoorErrors> doors) {
        return new ErrorShapes(new LinkedHashMap<>(doors));
    }

    /**
     * The whole path of {@code req}: a route of a service registered under a prefix (as {@code /v1}
     * is) sees its path without that prefix, which would name no door.
     */
    public static String pathOf(ServerRequest req) {
        return req.path().absolute().path();
    }

    /** The door that owns {@code req}'s path, or null where v4's shape applies. */
    public DoorErrors doorOf(ServerRequest req) {
        return doorOf(pathOf(req));
    }

    /** The door that owns {@code path}, or null where v4's shape applies. */
    public DoorErrors doorOf(String path) {
        if (path == null) {
            return null;
        }
        for (Map.Entry<String, DoorErrors> door : doors.entrySet()) {
            String prefix = door.getKey();
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return door.getValue();
            }
        }
        return null;
    }

    /** The body of a plain error on {@code path}. */
    public Object body(String path, int status, String message) {
        DoorErrors door = doorOf(path);
        return door == null ? Map.of("detail", message) : door.body(status, message);
    }
}
