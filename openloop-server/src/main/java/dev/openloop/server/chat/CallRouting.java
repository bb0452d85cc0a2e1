package dev.openloop.server.chat;

import dev.openloop.server.failure.Refusal;
import dev.openloop.server.provider.ProviderFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Makes a planned call, and when it fails in a way a fallback may get around
 * ({@link FallbackPolicy}), its fallbacks in order, until one answers: no fallback is started once
 * {@code deadline} has passed since the first attempt began. Each attempt is noted, for the log.
 * The same for a whole answer and for opening a stream.
 */
final class CallRouting {
    private final Duration deadline;

    CallRouting(Duration deadline) {
        this.deadline = deadline;
    }

    /**
     * How a routed call ended.
     *
     * @param value what the answering attempt gave; null when every attempt failed
     * @param answered the call as made by whoever answered; the requested call when none did
     * @param attempts every attempt, in order; one when the first answered or no fallback was tried
     * @param failure the last attempt's failure when none answered; else null
     */
    record Routed<T>(T value, PlannedCall answered, List<Attempt> attempts, RuntimeException failure) {

        /** The attempts as the log keeps them: null when the first attempt was the only one. */
        List<Attempt> logged() {
            return attempts.size() > 1 ? attempts : null;
        }
    }

    /** Makes {@code call} with {@code attempt}, then its fallbacks as far as allowed. */
    <T> Routed<T> run(PlannedCall call, Function<PlannedCall, T> attempt) {
        long started = System.nanoTime();
        List<Attempt> attempts = new ArrayList<>();
        RuntimeException failure;
        long attemptStarted = started;
        try {
            T value = attempt.apply(call);
            attempts.add(Attempt.succeeded(call, since(attemptStarted)));
            return new Routed<>(value, call, attempts, null);
        } catch (ProviderFailure | Refusal e) {
            failure = e;
            attempts.add(Attempt.failed(call, e, since(attemptStarted)));
        }
        for (Alternative alternative : call.fallbacks()) {
            if (!FallbackPolicy.mayFallBack(failure) || since(started).compareTo(deadline) >= 0) {
                break;
            }
            if (alternative.unusable() != null) {
                attempts.add(Attempt.skipped(alternative));
                continue;
            }
            PlannedCall next = call.by(alternative);
            attemptStarted = System.nanoTime();
            try {
                T value = attempt.apply(next);
                attempts.add(Attempt.succeeded(next, since(attemptStarted)));
                return new Routed<>(value, next, attempts, null);
            } catch (ProviderFailure | Refusal e) {
                failure = e;
                attempts.add(Attempt.failed(next, e, since(attemptStarted)));
            }
        }
        return new Routed<>(null, call, attempts, failure);
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
