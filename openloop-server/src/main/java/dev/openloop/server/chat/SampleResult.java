package dev.openloop.server.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.ToolCall;
import dev.openloop.api.chat.Usage;
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
 */
record SampleResult(
        String text,
        List<ToolCall> toolCalls,
        String finishReason,
        Usage usage,
        Duration latency,
        String error,
        JsonNode providerRequest,
        JsonNode providerResponse) {

    /** A sample whose call failed before generating anything. */
    static SampleResult failed(String error, JsonNode providerRequest, Duration latency) {
        return new SampleResult("", List.of(), null, null, latency, error, providerRequest, null);
    }
}
