package dev.openloop.server.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.Usage;
import dev.openloop.server.chatlog.LogRecord;
import dev.openloop.server.chatlog.LogStatus;
import dev.openloop.server.chatlog.LogWriter;
import dev.openloop.server.cost.Cost;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.json.Json;
import dev.openloop.server.json.RawJson;
import dev.openloop.server.provider.Generation;
import dev.openloop.server.provider.ProviderFailure;
import dev.openloop.server.provider.ProviderStream;
import dev.openloop.server.provider.StreamEvent;
import dev.openloop.server.provider.UsageDetail;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The streaming chat flow ({@code "stream": true}), spec §6.4.
 *
 * <ol>
 *   <li>Plan, and open every provider stream: a failure here is still a plain JSON error.</li>
 *   <li>Commit a log row per sample, marked as streaming, so its id is valid from the first event;
 *       the rows of a request are committed together or not at all.</li>
 *   <li>Relay each delta as an event; samples of different calls interleave.</li>
 *   <li>When a call ends, commit its samples' logs, then send each sample's last event with its
 *       {@code finish_reason} and {@code usage} (estimated when the provider sent none).</li>
 * </ol>
 * The first provider call to fail mid-stream ends the whole stream: the other calls are aborted,
 * and once every log is committed a single {@code event: error} is the stream's final event. A
 * client that goes away aborts the provider calls. Either way the logs keep what was generated
 * and are marked incomplete.
 */
public final class ChatStreamer {
    private static final String CLIENT_GONE = "The client disconnected before the stream completed";

    private final ChatService service;
    private final LogWriter logWriter;
    private final String nodeId;
    private final Duration keepAlive;

    ChatStreamer(ChatService service, LogWriter logWriter, String nodeId, Duration keepAlive) {
        this.service = service;
        this.logWriter = logWriter;
        this.nodeId = nodeId;
        this.keepAlive = keepAlive;
    }

    /**
     * Answers a streaming request: {@code opener} opens the door's stream once the logs are
     * committed (before that, a failure is still the door's plain error answer).
     */
    public void stream(ChatCall call, Function<ChatPlan, ChatEvents> opener) {
        ChatPlan plan = service.plan(call);
        List<OpenCall> opened = open(plan);
        List<LogRecord> rows = new ArrayList<>();
        for (OpenCall open : opened) {
            SampleResult nothingYet = new SampleResult("", List.of(), null, null, null, null,
                    open.stream().providerRequest(), null, UsageDetail.NONE, Cost.UNKNOWN);
            for (int i = 0; i < open.call().samples().size(); i++) {
                rows.add(ChatLogs.record(plan, open.requested(), i, LogStatus.STREAMING, nodeId, nothingYet, open.routed()));
            }
        }
        try {
            // All or none: the stream does not start when this fails, so no row may be left saying it streams.
            LogWriter.await(logWriter.insertAllOrNone(rows));
        } catch (Refusal e) {
            opened.forEach(open -> open.stream().close());
            throw e;
        }
        FirstFailure failure = new FirstFailure(opened.stream().map(OpenCall::stream).toList());
        try (ChatEvents events = opener.apply(plan)) {
            Thread heartbeat = Thread.ofVirtual().name("stream-keep-alive").start(() -> keepAlive(events, opened));
            try {
                Parallel.forEach(opened, open -> relay(plan, open, events, failure));
            } finally {
                heartbeat.interrupt();
            }
            if (failure.happened() && !events.clientGone()) {
                sendError(events, failure.get());
            }
        }
    }

    /**
     * What each sample of a stream that ended {@code ending} cost, with the breakdown of the usage it
     * is priced on put in {@code details}. Priced on what the provider reported when it reported its
     * usage, whatever the ending; else a provider that failed billed nothing, and a stream that was
     * cut (the client left, or another call failed) or never reported is priced on an estimate of
     * what was generated, marked estimated.
     */
    private List<Cost> costs(PlannedCall call, Ending ending, StreamedSamples samples, List<Generation> generations,
            List<Usage> shares, List<UsageDetail> details) {
        CallCosts costs = service.costs();
        if (samples.reportedUsage() != null) {
            CallCosts.Shares reported = costs.of(call, samples.reportedUsage(), samples.reportedDetail(), shares, false);
            for (int i = 0; i < details.size(); i++) {
                details.set(i, reported.details().get(i));
            }
            return reported.costs();
        }
        if (ending == Ending.FAILED) {
            return Collections.nCopies(generations.size(), costs.notBilled(call));
        }
        return costs.estimated(call, generations);
    }

    /**
     * The final event of a failed stream, with the failure the calls ended on.
     */
    private static void sendError(ChatEvents events, RuntimeException failure) {
        try {
            events.failed(failure);
        } catch (ChatEvents.ClientGone e) {
            // The logs are committed; the client left before reading why the stream ended.
        }
    }

    /**
     * Sends a comment while the stream is quiet (a provider thinking, or sending only tool calls).
     * When that finds the client gone, it aborts the provider calls at once rather than at the
     * next delta.
     */
    private void keepAlive(ChatEvents events, List<OpenCall> opened) {
        if (!keepAlive.isPositive()) {
            return;
        }
        try {
            while (true) {
                Thread.sleep(keepAlive);
                events.keepAlive();
            }
        } catch (InterruptedException e) {
            // the stream ended
        } catch (ChatEvents.ClientGone e) {
            opened.forEach(open -> open.stream().close());
        }
    }

    /**
     * What the provider streamed, as the log keeps it: {@code {"stream": [chunk, ...]}}, with
     * {@code "usage_estimated": true} when the usage is the node's estimate. Written out once for
     * every sample of the call, so that the logs waiting for their commit hold one text of it
     * rather than a tree each.
     */
    static JsonNode providerResponse(List<JsonNode> chunks, boolean usageEstimated) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("stream", chunks);
        if (usageEstimated) {
            response.put("usage_estimated", true);
        }
        return RawJson.of(Json.text(response));
    }

    /**
     * A call's open stream.
     *
     * @param call the call as made by whoever answered (a fallback, maybe)
     * @param requested the call as planned
     * @param routed how it was routed
     */
    private record OpenCall(PlannedCall call, ProviderStream stream, long startedNanos, PlannedCall requested,
            CallRouting.Routed<ProviderStream> routed) {
    }

    /**
     * Opens every call's stream, each by way of its fallbacks: a call with fallbacks is read up to
     * its first token before it counts as open ({@link FirstTokenStream}), so that it may still
     * fall back until then. If one cannot be opened, closes the others, records why, and fails.
     */
    private List<OpenCall> open(ChatPlan plan) {
        List<OpenCall> outcomes = Parallel.map(plan.calls(), call -> {
            long started = System.nanoTime();
            boolean mayFallBack = !call.fallbacks().isEmpty();
            CallRouting.Routed<ProviderStream> routed = service.routing().run(call, attempt -> {
                ProviderStream stream = attempt.provider().stream(attempt.request());
                return mayFallBack ? FirstTokenStream.of(stream) : stream;
            });
            return new OpenCall(routed.answered(), routed.value(), started, call, routed);
        });
        RuntimeException failure = null;
        for (OpenCall outcome : outcomes) {
            if (outcome.routed().failure() != null && failure == null) {
                failure = outcome.routed().failure();
            }
        }
        if (failure == null) {
            return outcomes;
        }
        List<LogRecord> records = new ArrayList<>();
        String error = ChatLogs.errorText(plan, failure);
        for (OpenCall outcome : outcomes) {
            if (outcome.stream() != null) {
                outcome.stream().close();
            }
            String own = outcome.routed().failure() != null ? ChatLogs.errorText(plan, outcome.routed().failure()) : error;
            for (int i = 0; i < outcome.requested().samples().size(); i++) {
                records.add(ChatLogs.record(plan, outcome.requested(), i, LogStatus.COMPLETE, null,
                        SampleResult.failed(own, null, null, service.costs().notBilled(outcome.routed().answered())),
                        outcome.routed()));
            }
        }
        LogWriter.await(logWriter.insertAllOrNone(records));
        throw failure;
    }

    /** How one call's stream ended. */
    private enum Ending {
        /** The provider finished it. */
        COMPLETE,
        /** Its provider failed, the first of the request's calls to. */
        FAILED,
        /** Another call of the request failed first, and this one was aborted. */
        ABORTED,
        /** The client went away. */
        CLIENT_GONE
    }

    /** Relays one call's stream to the client, then records and announces the end of its samples. */
    private void relay(ChatPlan plan, OpenCall open, ChatEvents events, FirstFailure failure) {
        PlannedCall call = open.call();
        int size = call.samples().size();
        StreamedSamples samples = new StreamedSamples(size);
        RuntimeException ownFailure = null;
        boolean clientGone = false;
        try (ProviderStream stream = open.stream()) {
            StreamEvent event;
            while ((event = stream.next()) != null && !failure.happened()) {
                StreamEvent.TextDelta delta = samples.add(event);
                if (delta != null) {
                    events.text(new SampleAnswer(call.logIds().get(delta.index()), call.samples().get(delta.index()),
                            call.config().stored().id(), delta.text(), List.of(), null));
                }
            }
        } catch (ProviderFailure | Refusal e) {
            // A provider call aborted because the client left fails like a broken stream.
            if (events.clientGone()) {
                clientGone = true;
            } else if (failure.record(e)) {
                ownFailure = e;
            }
        } catch (ChatEvents.ClientGone e) {
            clientGone = true;
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - open.startedNanos());
        // A call that ended while another had failed is aborted, even if its provider got to the end:
        // its last events are not sent, so its logs must not say it completed.
        Ending ending = clientGone ? Ending.CLIENT_GONE : ownFailure != null ? Ending.FAILED
                : failure.happened() ? Ending.ABORTED : Ending.COMPLETE;

        List<Generation> generations = samples.generations(ending == Ending.COMPLETE);
        boolean usageEstimated = samples.reportedUsage() == null && ending == Ending.COMPLETE;
        List<Usage> shares = usageEstimated ? UsageEstimate.perSample(call.messages(), generations)
                : UsageSplit.split(samples.reportedUsage(), generations);
        String error = switch (ending) {
            case COMPLETE -> null;
            case FAILED -> ChatLogs.errorText(plan, ownFailure);
            case ABORTED -> "Stopped when another provider call of the request failed: " + ChatLogs.errorText(plan, failure.get());
            case CLIENT_GONE -> CLIENT_GONE;
        };
        JsonNode providerResponse = providerResponse(open.stream().rawChunks(), usageEstimated);
        List<UsageDetail> details = new ArrayList<>(Collections.nCopies(size, UsageDetail.NONE));
        List<Cost> costs = costs(call, ending, samples, generations, shares, details);
        List<CompletableFuture<Void>> commits = new ArrayList<>(size);
        List<SampleResult> results = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Generation generation = generations.get(i);
            SampleResult result = new SampleResult(generation.text(), generation.toolCalls(), generation.finishReason(),
                    shares.get(i), latency, error, open.stream().providerRequest(), providerResponse,
                    details.get(i), costs.get(i));
            results.add(result);
            commits.add(logWriter.complete(ChatLogs.completion(plan, call.logIds().get(i),
                    ending == Ending.COMPLETE ? LogStatus.COMPLETE : LogStatus.INCOMPLETE, result)));
        }
        try {
            LogWriter.await(CompletableFuture.allOf(commits.toArray(CompletableFuture[]::new)));
        } catch (Refusal e) {
            failure.record(e);
            return;
        }
        service.settle(plan, ChatService.tokens(shares), costs);
        if (ending != Ending.COMPLETE) {
            return;
        }
        try {
            for (int i = 0; i < size; i++) {
                SampleResult result = results.get(i);
                events.end(new SampleAnswer(call.logIds().get(i), call.samples().get(i), call.config().stored().id(), "",
                        result.toolCalls(), result.finishReason()), result.usage());
            }
        } catch (ChatEvents.ClientGone e) {
            // The logs are committed; the client left before reading the end.
        }
    }
}
