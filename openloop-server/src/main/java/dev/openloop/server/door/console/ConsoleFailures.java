package dev.openloop.server.door.console;

import dev.openloop.server.failure.Refusal;
import dev.openloop.server.provider.ProviderFailure;
import java.util.stream.Collectors;

/**
 * How the console words what the node refused or a provider failed: a status for the page and a
 * sentence for people. Its pages and the playground's stream use this one place.
 */
final class ConsoleFailures {
    private ConsoleFailures() {
    }

    /** The page's status. */
    static int status(RuntimeException failure) {
        return switch (failure) {
            case Refusal refusal -> switch (refusal.kind()) {
                case INVALID -> 422;
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case NOT_SERVABLE -> 400;
                case UNAVAILABLE -> 503;
                case UNAUTHORIZED -> 401;
                case FORBIDDEN -> 403;
                case LIMITED -> 429;
            };
            case ProviderFailure provider -> switch (provider.kind()) {
                case INVALID_REQUEST, UNSUPPORTED_PROVIDER, MISSING_API_KEY, INVALID_API_KEY, MISSING_SETTING,
                        REQUEST_TOO_LARGE -> 400;
                case RATE_LIMITED -> 429;
                case UNAVAILABLE -> 503;
                case TIMEOUT -> 504;
                case AUTHENTICATION, BILLING, PERMISSION, NOT_FOUND, BAD_GATEWAY -> 502;
            };
            default -> 500;
        };
    }

    /** What the page says: a refusal's message and its problems, or who failed and why. */
    static String message(RuntimeException failure) {
        return switch (failure) {
            case Refusal refusal when refusal.kind() == Refusal.Kind.INVALID -> refusal.problems().stream()
                    .map(problem -> String.join(".", problem.path().stream().map(String::valueOf).toList())
                            + ": " + problem.message())
                    .collect(Collectors.joining("; "));
            case Refusal refusal -> refusal.getMessage();
            case ProviderFailure provider -> provider.origin() + " failed: " + provider.message();
            default -> "Something went wrong on the server; the server's log says what";
        };
    }
}
