package dev.openloop.server.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.Usage;
import java.util.List;

/**
 * A whole chat answer as the chat flow produced it, every log committed: the door words it.
 *
 * @param plan what was asked and where its logs went
 * @param samples every sample, by index
 * @param providerResponses the providers' answers, one per call
 * @param usage the tokens of all calls together; null when no provider said
 * @param providerRequest the first call's request as sent to its provider
 */
public record ChatResult(ChatPlan plan, List<SampleAnswer> samples, List<JsonNode> providerResponses, Usage usage,
        JsonNode providerRequest) {
}
