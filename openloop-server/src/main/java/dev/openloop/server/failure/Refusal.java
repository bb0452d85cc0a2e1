package dev.openloop.server.failure;

import java.util.ArrayList;
import java.util.List;

/**
 * A request the node will not serve, as a value: what kind of refusal it is and, for an invalid
 * request, what is wrong and where. It is thrown by everything below the doors (the chat core,
 * the stores and services); each door words it in its own error shape and status, in one place,
 * so that none of them speaks another door's wire format.
 *
 * <p>A problem's path names the field in the core's terms, e.g. {@code ["config", "provider"]},
 * {@code ["messages", 2, "content"]} or {@code ["num_samples"]}: a door that spells its fields
 * differently renames them when it answers.
 */
public final class Refusal extends RuntimeException {
    /** What kind of refusal. */
    public enum Kind {
        /** The request is wrong: see its problems. */
        INVALID,
        /** Something the request names does not exist. */
        NOT_FOUND,
        /** The request conflicts with what is stored. */
        CONFLICT,
        /** The request is well formed but cannot be served as asked, e.g. nothing is deployed. */
        NOT_SERVABLE,
        /** The node cannot serve it now; the same request may succeed later. */
        UNAVAILABLE,
        /** The caller is not who it must be, e.g. no valid key. */
        UNAUTHORIZED,
        /** The caller may not do this. */
        FORBIDDEN,
        /** A rate limit or budget of the caller's key or project is reached; see {@link #retryAfterSeconds()}. */
        LIMITED
    }

    /**
     * One thing wrong with an invalid request.
     *
     * @param path where it is: field names and list indexes, in the core's terms; empty for the
     *     request as a whole
     * @param message what is wrong, for people
     * @param type a stable code of the problem, e.g. {@code value_error.missing}
     */
    public record Problem(List<Object> path, String message, String type) {
        /** The type of a value that asks for more than the node's limits allow. */
        public static final String TOO_LARGE = "value_error.too_large";

        public Problem {
            path = List.copyOf(path);
        }
    }

    private final Kind kind;
    private final List<Problem> problems;
    private final long retryAfterSeconds;

    private Refusal(Kind kind, String message, List<Problem> problems) {
        this(kind, message, problems, 0);
    }

    private Refusal(Kind kind, String message, List<Problem> problems, long retryAfterSeconds) {
        // No stack trace: a refusal is an answer to a caller, not a fault of the node.
        super(message, null, false, false);
        this.kind = kind;
        this.problems = List.copyOf(problems);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** An invalid request with these problems; at least one. */
    public static Refusal invalid(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid request has at least one problem");
        }
        return new Refusal(Kind.INVALID, "invalid request", problems);
    }

    /** An invalid request with one problem. */
    public static Refusal invalid(List<Object> path, String message, String type) {
        return invalid(List.of(new Problem(path, message, type)));
    }

    /** {@code what} names the missing thing, e.g. "Project pr_x not found". */
    public static Refusal notFound(String what) {
        return new Refusal(Kind.NOT_FOUND, what, List.of());
    }

    /** The request conflicts with what is stored; {@code why} says how. */
    public static Refusal conflict(String why) {
        return new Refusal(Kind.CONFLICT, why, List.of());
    }

    /** The request cannot be served as asked; {@code why} says why. */
    public static Refusal notServable(String why) {
        return new Refusal(Kind.NOT_SERVABLE, why, List.of());
    }

    /** The node cannot serve the request now; {@code why} says why. */
    public static Refusal unavailable(String why) {
        return new Refusal(Kind.UNAVAILABLE, why, List.of());
    }

    /** The caller is not recognised; {@code why} says why. */
    public static Refusal unauthorized(String why) {
        return new Refusal(Kind.UNAUTHORIZED, why, List.of());
    }

    /** The caller may not do this; {@code why} says why. */
    public static Refusal forbidden(String why) {
        return new Refusal(Kind.FORBIDDEN, why, List.of());
    }

    /**
     * A limit is reached; {@code why} names it, and the same call may be admitted in
     * {@code retryAfterSeconds} (at least 1), when the limit's window starts again.
     */
    public static Refusal limited(String why, long retryAfterSeconds) {
        return new Refusal(Kind.LIMITED, why, List.of(), Math.max(1, retryAfterSeconds));
    }

    public Kind kind() {
        return kind;
    }

    /** For {@link Kind#LIMITED}, in how many seconds the call may be tried again; else 0. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** What is wrong, for {@link Kind#INVALID}; else empty. */
    public List<Problem> problems() {
        return problems;
    }

    /**
     * The problems found in one request, to be refused together; a path is reported once, and
     * not below a path that already has a problem.
     */
    public static final class Problems {
        private final List<Problem> list = new ArrayList<>();

        /** Notes a problem unless its path (or one enclosing it) already has one. */
        public void add(List<Object> path, String message, String type) {
            for (Problem existing : list) {
                if (path.size() >= existing.path().size() && path.subList(0, existing.path().size()).equals(existing.path())) {
                    return;
                }
            }
            list.add(new Problem(path, message, type));
        }

        public boolean isEmpty() {
            return list.isEmpty();
        }

        /** The refusal of the request, with every problem in the order found. */
        public Refusal refusal() {
            return invalid(list);
        }
    }

    /** A path: {@code at("config", "provider")} is {@code ["config", "provider"]}. */
    public static List<Object> at(Object... parts) {
        return List.of(parts);
    }

    /** {@code base} followed by {@code more}. */
    public static List<Object> at(List<Object> base, Object... more) {
        List<Object> path = new ArrayList<>(base);
        path.addAll(List.of(more));
        return List.copyOf(path);
    }
}
