package dev.openloop.server.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.ToolCall;
import dev.openloop.api.chat.Usage;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.api.config.ToolDefinition;
import dev.openloop.server.json.Json;
import dev.openloop.server.provider.Refusals;
import dev.openloop.server.provider.Generation;
import dev.openloop.server.provider.Provider;
import dev.openloop.server.provider.ProviderErrors;
import dev.openloop.server.provider.ProviderRequest;
import dev.openloop.server.provider.ProviderResult;
import dev.openloop.server.provider.ProviderStream;
import dev.openloop.server.provider.StreamEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * A provider that never leaves the process: deterministic answers for tests, demos and
 * benchmarks. Keys under {@code model_config.other} simulate latency and failures:
 * {@code mock_latency_ms}, {@code mock_delta_delay_ms}, {@code mock_error_status},
 * {@code mock_error_message}, {@code mock_error_retry_after}, {@code mock_fail_after_deltas} and
 * {@code mock_response}.
 */
public final class MockProvider implements Provider {
    static final String ORIGIN = "Mock";
    /** The longest wait the mock simulates, before an answer or between deltas. */
    static final long MAX_SIMULATED_WAIT_MS = 60_000;
    private static final List<String> NUMBER_SETTINGS = List.of(
            "mock_latency_ms", "mock_delta_delay_ms", "mock_error_status", "mock_fail_after_deltas");

    @Override
    public ModelProvider id() {
        return ModelProvider.MOCK;
    }

    /** The {@code type} of a value too large, the same as the doors' limit checks give. */
    private static final String TOO_LARGE_TYPE = "value_error.too_large";

    @Override
    public boolean generatesSeveralSamples() {
        return true;
    }

    @Override
    public void checkSupported(ProviderRequest request, List<Object> configLoc, Refusals.Sink problems) {
        checkForcedToolSchema(request, configLoc, problems);
        Map<String, Object> other = request.config().other();
        for (String setting : NUMBER_SETTINGS) {
            Object value = other.get(setting);
            if (value != null && !(value instanceof Number number && number.doubleValue() >= 0)) {
                List<Object> loc = new ArrayList<>(configLoc);
                loc.add("other");
                loc.add(setting);
                problems.add(loc, "value is not a valid non-negative number", "type_error.number");
            }
        }
        for (String wait : List.of("mock_latency_ms", "mock_delta_delay_ms")) {
            if (other.get(wait) instanceof Number number && number.doubleValue() > MAX_SIMULATED_WAIT_MS) {
                List<Object> loc = new ArrayList<>(configLoc);
                loc.add("other");
                loc.add(wait);
                problems.add(loc, "ensure this value is less than or equal to " + MAX_SIMULATED_WAIT_MS
                        + ": the mock simulates waits of at most a minute", "value_error.number.not_le");
            }
        }
        Object status = other.get("mock_error_status");
        if (status instanceof Number number && (number.intValue() < 400 || number.intValue() > 599)) {
            List<Object> loc = new ArrayList<>(configLoc);
            loc.add("other");
            loc.add("mock_error_status");
            problems.add(loc, "ensure this value is an HTTP error status (400-599)", "value_error.number.not_in_range");
        }
        Object retryAfter = other.get("mock_error_retry_after");
        if (retryAfter != null && retryAfterHeader(retryAfter) == null) {
            List<Object> loc = new ArrayList<>(configLoc);
            loc.add("other");
            loc.add("mock_error_retry_after");
            problems.add(loc, "value is not a valid Retry-After: give a whole number of seconds, or a string without control characters",
                    "type_error");
        }
    }

    /** Refuses a forced tool whose schema asks for arguments larger than the mock makes (see {@link SchemaExample}). */
    private static void checkForcedToolSchema(ProviderRequest request, List<Object> configLoc, Refusals.Sink problems) {
        ToolDefinition forced = MockAnswer.forcedTool(request);
        if (forced == null) {
            return;
        }
        SchemaExample.TooLarge tooLarge = SchemaExample.of(Json.MAPPER.valueToTree(forced.parameters())).tooLarge();
        if (tooLarge != null) {
            List<Object> loc = new ArrayList<>(configLoc);
            loc.addAll(List.of("tools", request.config().tools().indexOf(forced), "parameters"));
            loc.addAll(tooLarge.path());
            problems.add(loc, tooLarge.reason(), TOO_LARGE_TYPE);
        }
    }

    /**
     * The {@code Retry-After} header a setting stands for: a whole number of seconds, or a string
     * (an HTTP date, say) fit for a header line. Null for anything else, e.g. an object, which
     * would otherwise be sent as Java's text for a map.
     */
    private static String retryAfterHeader(Object value) {
        if (value instanceof Number number) {
            double seconds = number.doubleValue();
            return seconds >= 0 && seconds == Math.rint(seconds) && seconds <= Long.MAX_VALUE
                    ? String.valueOf(number.longValue()) : null;
        }
        if (value instanceof String text && !text.isBlank() && text.chars().noneMatch(Character::isISOControl)) {
            return text.strip();
        }
        return null;
    }

    @Override
    public ProviderResult complete(ProviderRequest request) {
        long started = System.nanoTime();
        Settings settings = new Settings(request.config().other());
        settings.sleep(settings.latency());
        settings.failIfAsked();
        MockAnswer answer = MockAnswer.to(request);
        List<Generation> generations = new ArrayList<>();
        for (int i = 0; i < request.samples(); i++) {
            generations.add(new Generation(i, answer.text(), answer.toolCalls(), answer.finishReason()));
        }
        return new ProviderResult(generations, usageOf(answer, request.samples()), answer.rawResponse(request),
                requestBody(request), Duration.ofNanos(System.nanoTime() - started));
    }

    @Override
    public ProviderStream stream(ProviderRequest request) {
        Settings settings = new Settings(request.config().other());
        settings.sleep(settings.latency());
        settings.failIfAsked();
        MockAnswer answer = MockAnswer.to(request);
        Queue<StreamEvent> events = new ArrayDeque<>();
        List<String> deltas = MockAnswer.deltas(answer.text());
        // Deltas of all samples, taken in turns, so that a client sees samples interleave.
        for (String delta : deltas) {
            for (int i = 0; i < request.samples(); i++) {
                events.add(new StreamEvent.TextDelta(i, delta));
            }
        }
        for (int i = 0; i < request.samples(); i++) {
            for (int position = 0; position < answer.toolCalls().size(); position++) {
                ToolCall call = answer.toolCalls().get(position);
                events.add(new StreamEvent.ToolCallDelta(i, position, call.id(), call.function().name(), call.function().arguments()));
            }
        }
        for (int i = 0; i < request.samples(); i++) {
            events.add(new StreamEvent.Finished(i, answer.finishReason()));
        }
        events.add(new StreamEvent.UsageReport(usageOf(answer, request.samples())));
        return new MockStream(requestBody(request), events, settings);
    }

    private static Usage usageOf(MockAnswer answer, int samples) {
        return Usage.of(answer.promptTokens(), answer.generationTokens() * samples);
    }

    private static JsonNode requestBody(ProviderRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", request.config().model());
        body.put("messages", request.messages());
        body.put("n", request.samples());
        if (request.config().tools() != null) {
            body.put("tools", request.config().tools());
        }
        if (request.toolChoice() != null) {
            body.put("tool_choice", request.toolChoice());
        }
        if (request.responseFormat() != null) {
            body.put("response_format", request.responseFormat());
        }
        if (request.seed() != null) {
            body.put("seed", request.seed());
        }
        if (request.user() != null) {
            body.put("user", request.user());
        }
        return Json.MAPPER.valueToTree(body);
    }

    /** The simulation settings of one call. */
    private record Settings(Map<String, Object> other) {
        Duration latency() {
            return millis("mock_latency_ms");
        }

        Duration deltaDelay() {
            return millis("mock_delta_delay_ms");
        }

        int failAfterDeltas() {
            return other.get("mock_fail_after_deltas") instanceof Number n ? n.intValue() : -1;
        }

        void failIfAsked() {
            if (other.get("mock_error_status") instanceof Number status) {
                String message = other.get("mock_error_message") instanceof String text ? text : "Simulated mock error";
                Object retryAfter = other.get("mock_error_retry_after");
                // The server retries no mock call, so retrying is left to the client.
                throw ProviderErrors.fromUpstream(ORIGIN, status.intValue(), message,
                        retryAfter == null ? null : retryAfterHeader(retryAfter)).leavingRetryToClient();
            }
        }

        private Duration millis(String key) {
            return other.get(key) instanceof Number n ? Duration.ofMillis(n.longValue()) : Duration.ZERO;
        }

        void sleep(Duration duration) {
            if (duration.isZero()) {
                return;
            }
            try {
                Thread.sleep(duration);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class MockStream implements ProviderStream {
        private final JsonNode providerRequest;
        private final Queue<StreamEvent> events;
        private final Settings settings;
        /**
         * The events sent so far, each made a raw chunk only when the log asks for them: a stream
         * held open keeps a small record per delta rather than a JSON tree.
         */
        private final List<StreamEvent> sent = new ArrayList<>();
        private int deltasSent;
        private volatile boolean closed;

        MockStream(JsonNode providerRequest, Queue<StreamEvent> events, Settings settings) {
            this.providerRequest = providerRequest;
            this.events = events;
            this.settings = settings;
        }

        @Override
        public JsonNode providerRequest() {
            return providerRequest;
        }

        @Override
        public StreamEvent next() {
            if (closed) {
                return null;
            }
            StreamEvent event = events.poll();
            if (event instanceof StreamEvent.TextDelta) {
                if (deltasSent == settings.failAfterDeltas()) {
                    throw ProviderErrors.unreachable(ORIGIN, "broke the stream (simulated after " + deltasSent + " deltas)");
                }
                if (deltasSent > 0) {
                    settings.sleep(settings.deltaDelay());
                }
                deltasSent++;
            }
            if (event != null) {
                sent.add(event);
            }
            return event;
        }

        @Override
        public List<JsonNode> rawChunks() {
            List<JsonNode> chunks = new ArrayList<>(sent.size());
            for (StreamEvent event : sent) {
                chunks.add(Json.MAPPER.valueToTree(Map.of("event", event.getClass().getSimpleName(), "data", event)));
            }
            return List.copyOf(chunks);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
