package dev.openloop.server.provider;

import dev.openloop.api.chat.Usage;
import dev.openloop.server.observe.BoundedLabels;
import dev.openloop.server.observe.RequestFacts;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters of provider calls, under the OpenTelemetry GenAI metric names where they exist:
 * {@code gen_ai.client.operation.duration} (each call by provider, model and outcome),
 * {@code gen_ai.client.token.usage} (tokens in and out by provider, model and project), the time
 * to a stream's first token, and the provider streams open. Model names and project ids come
 * from callers, so their labels are bounded ({@link BoundedLabels}).
 */
public final class ProviderMetrics {
    private static final System.Logger LOG = System.getLogger(ProviderMetrics.class.getName());
    public static final int MAX_MODELS = 200;
    static final int MAX_PROJECTS = 1000;

    private final MeterRegistry registry;
    private final BoundedLabels models = new BoundedLabels(MAX_MODELS);
    private final BoundedLabels projects = new BoundedLabels(MAX_PROJECTS);
    private final AtomicInteger openStreams = new AtomicInteger();

    public ProviderMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("openloop.streams.open", openStreams);
    }

    /** The labels of a call of {@code provider} for {@code request}. */
    Tags tags(Provider provider, ProviderRequest request) {
        return Tags.of("gen_ai.operation.name", request.operationName(),
                "gen_ai.provider.name", provider.id().wire(),
                "gen_ai.request.model", models.of(request.config().model()));
    }

    /** A call that ended after {@code nanos} with {@code outcome} ({@link #outcome}). */
    void called(Tags tags, long nanos, String outcome) {
        Timer.builder("gen_ai.client.operation.duration")
                .description("provider calls, from the request sent to the answer's end, retries included")
                .tags(tags).tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A stream's first generated text or tool call came {@code nanos} after the call began. */
    void firstToken(Tags tags, long nanos) {
        Timer.builder("gen_ai.client.time_to_first_token")
                .description("streamed provider calls, from the request sent to the first generated token")
                .tags(tags)
                .publishPercentileHistogram()
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The tokens a call used, as its provider reported them, on the project of this thread's request. */
    void used(Tags tags, Usage usage) {
        if (usage == null) {
            return;
        }
        Tags withProject = tags.and("project", projects.of(RequestFacts.get(RequestFacts.PROJECT_ID)));
        tokens(withProject.and("gen_ai.token.type", "input"), usage.promptTokens());
        tokens(withProject.and("gen_ai.token.type", "output"), usage.generationTokens());
    }

    private void tokens(Tags tags, int count) {
        DistributionSummary.builder("gen_ai.client.token.usage")
                .description("tokens of provider calls, as the providers report them")
                .tags(tags)
                .register(registry)
                .record(count);
    }

    void streamOpened() {
        openStreams.incrementAndGet();
    }

    void streamClosed() {
        openStreams.decrementAndGet();
    }

    /**
     * What a failed call's outcome is called, logged in a line without stack trace: a provider's
     * refusal or fault is no fault of the node. A timeout and a provider's own failure at INFO; a
     * rate limit (expected under load, and counted in the metrics) and what the caller's request or
     * keys got wrong at DEBUG.
     */
    String failed(Tags tags, RuntimeException failure) {
        String outcome = outcome(failure);
        Level level = failure instanceof ProviderFailure provider && !isProviders(provider.kind()) ? Level.DEBUG : Level.INFO;
        if (LOG.isLoggable(level)) {
            LOG.log(level, "provider call failed (" + outcome + "): " + tags.stream()
                    .map(tag -> tag.getKey() + "=" + tag.getValue()).reduce((a, b) -> a + " " + b).orElse(""));
        }
        return outcome;
    }

    /** The failure's kind in lower case ({@code rate_limited}, {@code timeout}, ...), or {@code error} for anything else. */
    static String outcome(RuntimeException failure) {
        return failure instanceof ProviderFailure provider ? provider.kind().name().toLowerCase(Locale.ROOT) : "error";
    }

    /** Whether the provider itself failed, as opposed to refusing this request or this rate. */
    private static boolean isProviders(ProviderFailure.Kind kind) {
        return switch (kind) {
            case TIMEOUT, UNAVAILABLE, BAD_GATEWAY -> true;
            default -> false;
        };
    }
}
