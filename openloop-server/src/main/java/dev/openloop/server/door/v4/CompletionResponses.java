package dev.openloop.server.door.v4;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.Usage;
import dev.openloop.api.completion.CompletionDataResponse;
import dev.openloop.api.completion.CompletionRequest;
import dev.openloop.api.completion.CompletionResponse;
import dev.openloop.server.chat.ChatPlan;
import dev.openloop.server.chat.ChatResult;
import dev.openloop.server.chat.SampleAnswer;
import java.util.List;
import java.util.Map;

/** Words the results of a completion call as v4 answers, whole answers and stream events alike. */
final class CompletionResponses {
    private CompletionResponses() {
    }

    /** The whole answer: each sample's text trimmed as {@code output}, as the provider gave it as {@code raw_output}. */
    static CompletionResponse of(CompletionRequest request, ChatResult result) {
        ChatPlan plan = result.plan();
        List<CompletionDataResponse> data = result.samples().stream()
                .map(sample -> item(request, plan, sample, sample.text().strip()))
                .toList();
        return envelope(request, plan, data, result.providerResponses(), result.usage(), result.providerRequest());
    }

    /**
     * A stream event of one sample: a piece of its text, or with {@code usage} its end. The text
     * is the new text only, as it came (not trimmed, or the spaces between deltas would be lost).
     */
    static CompletionResponse event(CompletionRequest request, ChatPlan plan, SampleAnswer sample, Usage usage) {
        return envelope(request, plan, List.of(item(request, plan, sample, sample.text())), List.of(), usage, null);
    }

    private static CompletionDataResponse item(CompletionRequest request, ChatPlan plan, SampleAnswer sample, String output) {
        boolean returnInputs = request.returnInputs() == null || request.returnInputs();
        Map<String, Object> inputs = returnInputs ? plan.inputs() : Map.of();
        return new CompletionDataResponse(sample.logId(), sample.index(), output, sample.text(), inputs,
                sample.finishReason(), sample.configId(), null);
    }

    private static CompletionResponse envelope(CompletionRequest request, ChatPlan plan, List<CompletionDataResponse> data,
            List<JsonNode> providerResponses, Usage usage, JsonNode providerRequest) {
        return new CompletionResponse(
                plan.projectId(),
                plan.numSamples(),
                request.logprobs(),
                request.suffix(),
                request.user(),
                data,
                usage,
                request.metadata(),
                providerResponses,
                providerRequest,
                plan.sessionId());
    }
}
