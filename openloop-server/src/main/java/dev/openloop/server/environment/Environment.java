package dev.openloop.server.environment;

/**
 * A stored environment.
 *
 * @param id {@code env_…}
 * @param name its unique name
 * @param isDefault whether deployments without an environment name use it
 * @param createdAt epoch milliseconds
 */
public record Environment(String id, String name, boolean isDefault, long createdAt) {

    /** v4's tag: {@code default} or {@code other}. */
    public String tag() {
        return isDefault ? "default" : "other";
    }
}
