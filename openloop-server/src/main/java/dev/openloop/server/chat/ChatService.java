package dev.openloop.server.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.Usage;
import dev.openloop.server.chatlog.LogRecord;
import dev.openloop.server.cost.Cost;
import dev.openloop.server.chatlog.LogStatus;
import dev.openloop.server.chatlog.LogWriter;
import dev.openloop.server.failure.Refusal;
import dev.openloop.server.limit.LimitGate;
import dev.openloop.server.observe.RequestFacts;
import dev.openloop.server.provider.Generation;
import dev.openloop.server.provider.ProviderErrors;
import dev.openloop.server.provider.ProviderResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The chat flow, shared by the four endpoints: plan, call the providers, record one log per
 * sample, answer. The answer leaves only after its logs are committed, so every {@code data_…}
 * id a client holds can be given feedback. A failed provider call is recorded too, with its
 * error, and answered with the mapped status.
 */
public final class ChatService {
    private final ChatPlanner planner;
    private final LogWriter logWriter;
    private final CallRouting routing;

    private final CallCosts costs;
    private final LimitGate gate;

    ChatService(ChatPlanner planner, LogWriter logWriter, CallCosts costs, LimitGate gate, CallRouting routing) {
        this.planner = planner;
        this.logWriter = logWriter;
        this.costs = costs;
        this.gate = gate;
        this.routing = routing;
    }

    /** How the calls are routed to their fallbacks. */
    CallRouting routing() {
        return routing;
    }

    /**
     * Counts what a request's calls used towards the limits of its key and project, once their
     * logs are committed: {@code usage} as the providers reported it, and what the samples cost.
     */
    void settle(ChatPlan plan, long tokens, List<Cost> sampleCosts) {
        gate.settle(new LimitGate.Subjects(plan.call().recording().apiKeyId(), plan.projectId()), tokens, Cost.sum(sampleCosts));
    }

    /** The tokens of one provider call from its samples' shares: the prompt once, and what each sample generated. */
    static long tokens(List<Usage> shares) {
        long tokens = 0;
        for (int i = 0; i < shares.size(); i++) {
            Usage share = shares.get(i);
            if (share != null) {
                tokens += (i == 0 ? share.promptTokens() : 0) + share.generationTokens();
            }
        }
        return tokens;
    }

    /** What the calls' samples cost. */
    CallCosts costs() {
        return costs;
    }

    /** Plans a request; everything a caller could have got wrong fails here, before any provider call. */
    ChatPlan plan(ChatCall chatCall) {
        ChatPlan plan = planner.plan(chatCall);
        RequestFacts.chat(plan.projectId(), plan.calls().stream().flatMap(call -> call.logIds().stream()).toList(),
                distinct(plan, call -> call.request().config().provider().wire()),
                distinct(plan, call -> call.request().config().model()));
        return plan;
    }

    /** What the plan's calls name, each once, for the request's log lines. */
    private static String distinct(ChatPlan plan, Function<PlannedCall, String> what) {
        return plan.calls().stream().map(what).distinct().collect(Collectors.joining(","));
    }

    /** Answers a non-streaming request, once its logs are committed. */
    public ChatResult chat(ChatCall chatCall) {
        ChatPlan plan = plan(chatCall);
        List<CallOutcome> outcomes = Parallel.map(plan.calls(), this::call);

        List<LogRecord> records = new ArrayList<>();
        List<SampleAnswer> samples = new ArrayList<>();
        List<JsonNode> providerResponses = new ArrayList<>();
        Usage usage = null;
        List<Cost> spent = new ArrayList<>();
        RuntimeException failure = null;
        for (CallOutcome outcome : outcomes) {
            PlannedCall requested = outcome.call();
            CallRouting.Routed<ProviderResult> routed = outcome.routed();
            PlannedCall call = routed.answered();
            if (routed.failure() != null) {
                failure = failure == null ? routed.failure() : failure;
                SampleResult failed = SampleResult.failed(ChatLogs.errorText(plan, routed.failure()), null, null,
                        costs.notBilled(call));
                spent.add(failed.cost());
                ChatLogs.SharedTexts shared = ChatLogs.SharedTexts.of(plan, call, failed.providerRequest(), null, routed);
                for (int i = 0; i < call.samples().size(); i++) {
                    records.add(ChatLogs.record(plan, requested, i, LogStatus.COMPLETE, null, failed, routed, shared));
                }
                continue;
            }
            ProviderResult result = routed.value();
            providerResponses.add(result.rawResponse());
            usage = result.usage() == null ? usage : result.usage().plus(usage);
            List<Generation> generations = result.generations().subList(0, call.samples().size()).stream()
                    .map(FinishReasons::ofCompleted)
                    .toList();
            List<Usage> shares = UsageSplit.split(result.usage(), generations);
            CallCosts.Shares costShares = costs.of(call, result.usage(), result.usageDetail(), shares, false);
            List<Cost> sampleCosts = result.usage() == null ? costs.estimated(call, generations) : costShares.costs();
            spent.addAll(sampleCosts);
            ChatLogs.SharedTexts shared = ChatLogs.SharedTexts.of(plan, call, result.providerRequest(), result.rawResponse(),
                    routed);
            for (int i = 0; i < call.samples().size(); i++) {
                Generation generation = generations.get(i);
                SampleResult sample = new SampleResult(generation.text(), generation.toolCalls(), generation.finishReason(),
                        shares.get(i), result.latency(), null, result.providerRequest(), result.rawResponse(),
                        costShares.details().get(i), sampleCosts.get(i));
                records.add(ChatLogs.record(plan, requested, i, LogStatus.COMPLETE, null, sample, routed, shared));
                samples.add(new SampleAnswer(call.logIds().get(i), call.samples().get(i), call.config().stored().id(),
                        generation.text(), generation.toolCalls(), generation.finishReason()));
            }
        }
        // All or none: an answer that failed to be stored must not leave some of its samples behind.
        LogWriter.await(logWriter.insertAllOrNone(records));
        settle(plan, usage == null ? 0 : usage.totalTokens(), spent);
        if (failure != null) {
            throw failure;
        }
        samples.sort(Comparator.comparingInt(SampleAnswer::index));
        JsonNode providerRequest = outcomes.getFirst().routed().value().providerRequest();
        return new ChatResult(plan, samples, providerResponses, usage, providerRequest);
    }

    /** The outcome of one planned call: its result or why it failed, by way of its fallbacks. */
    private record CallOutcome(PlannedCall call, CallRouting.Routed<ProviderResult> routed) {
    }

    private CallOutcome call(PlannedCall call) {
        return new CallOutcome(call, routing.run(call, ChatService::complete));
    }

    /** One attempt: the whole answer, with a generation for each sample asked for. */
    private static ProviderResult complete(PlannedCall call) {
        ProviderResult result = call.provider().complete(call.request());
        if (result.generations().size() < call.samples().size()) {
            throw ProviderErrors.malformed(call.provider().id().wire(),
                    "asked for " + call.samples().size() + " samples, got " + result.generations().size());
        }
        return result;
    }
}
