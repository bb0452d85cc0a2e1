package dev.openloop.server.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.provider.ProviderFailure;
import java.time.Duration;
import java.util.Locale;

/**
 * One provider attempt of a call that has fallbacks, as its log keeps it.
 *
 * @param configId the config tried
 * @param provider its provider
 * @param model its model
 * @param outcome {@code success}, {@code skipped} (a fallback that cannot serve this call), or the
 *     failure's kind in lower case ({@code rate_limited}, {@code unavailable}, ...)
 * @param origin whose failure it was ({@code OpenAI}, {@code OpenLoop}, ...); null on success
 * @param latency seconds from the attempt's start to its end
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Attempt(String configId, String provider, String model, String outcome, String origin, double latency) {

    static Attempt succeeded(PlannedCall call, Duration latency) {
        return new Attempt(call.config().stored().id(), call.request().config().provider().wire(),
                call.request().config().model(), "success", null, seconds(latency));
    }

    static Attempt failed(PlannedCall call, RuntimeException failure, Duration latency) {
        return new Attempt(call.config().stored().id(), call.request().config().provider().wire(),
                call.request().config().model(), outcomeOf(failure), originOf(failure), seconds(latency));
    }

    static Attempt skipped(Alternative alternative) {
        return new Attempt(alternative.config().stored().id(), alternative.config().stored().config().provider().wire(),
                alternative.config().stored().config().model(), "skipped", alternative.unusable().origin(), 0);
    }

    private static String outcomeOf(RuntimeException failure) {
        if (failure instanceof ProviderFailure provider) {
            return provider.kind().name().toLowerCase(Locale.ROOT);
        }
        return failure instanceof Refusal ? "refused" : "error";
    }

    private static String originOf(RuntimeException failure) {
        return failure instanceof ProviderFailure provider ? provider.origin() : "OpenLoop";
    }

    private static double seconds(Duration latency) {
        return latency.toNanos() / 1e9;
    }
}
