package dev.openloop.server.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openloop.api.chat.Usage;
import java.time.Duration;
import java.util.List;

/**
 * What a completed provider call produced.
 *
 * @param generations one per sample, by index
 * @param usage token counts of the whole call, or {@code null} when the provider gave none
 * @param rawResponse the provider's answer as it came
 * @param providerRequest the body sent to the provider
 * @param latency from sending the request to having the answer, retries included
 * @param usageDetail the parts of {@code usage} the provider breaks out (cached, cache-write and
 *     reasoning tokens); {@link UsageDetail#NONE} when it gives none
 */
public record ProviderResult(
        List<Generation> generations,
        Usage usage,
        JsonNode rawResponse,
        JsonNode providerRequest,
        Duration latency,
        UsageDetail usageDetail) {

    public ProviderResult {
        usageDetail = usageDetail == null ? UsageDetail.NONE : usageDetail;
    }

    /** A result whose provider breaks out no part of its usage. */
    public ProviderResult(List<Generation> generations, Usage usage, JsonNode rawResponse, JsonNode providerRequest,
            Duration latency) {
        this(generations, usage, rawResponse, providerRequest, latency, UsageDetail.NONE);
    }
}
