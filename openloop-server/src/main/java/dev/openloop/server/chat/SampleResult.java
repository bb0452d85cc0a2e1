package dev.openloop.server.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.ToolCall;
import dev.openloop.api.chat.Usage;
import dev.openloop.server.cost.Cost;
import dev.openloop.server.provider.UsageDetail;
import java.time.Duration;
import java.util.List;

/**
 * What became of one sample, as far as it got.
 *
 * @param text the generated text; "" when nothing was generated
 * @param toolCalls the tool calls generated
 * @param finishReason the v4 finish reason, or null when it did not finish
 * @param usage its share of the call's tokens, or null when unknown
 * @param latency how long the provider call took, or null
 * @param error what failed, or null
 * @param providerRequest the body sent to the provider, or null when none was sent
 * @param providerResponse what the provider answered, or null
 * @param detail the parts of {@code usage} the provider broke out
 * @param cost what the sample cost, {@link Cost#UNKNOWN} when its model has no price
 */
record SampleResult(
        String text,
        List<ToolCall> toolCalls,
        String finishReason,
        Usage usage,
        Duration latency,
        String error,
        JsonNode providerRequest,
        JsonNode providerResponse,
        UsageDetail detail,
        Cost cost) {

    public SampleResult {
        detail = detail == null ? UsageDetail.NONE : detail;
        cost = cost == null ? Cost.UNKNOWN : cost;
    }

    /** A sample whose call failed before generating anything, costing {@code cost} (not billed, or unknown). */
    static SampleResult failed(String error, JsonNode providerRequest, Duration latency, Cost cost) {
        return new SampleResult("", List.of(), null, null, latency, error, providerRequest, null, UsageDetail.NONE, cost);
    }
}
