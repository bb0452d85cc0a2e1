package dev.openloop.api.completion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.chat.Usage;
import dev.openloop.api.json.WireText;
import java.util.List;
import java.util.Map;

/**
 * The answer of the completion endpoints; in a stream, the envelope of each event. Every key is
 * always written, {@code null} where it does not apply, as in the chat answer.
 *
 * @param projectId the project the logs belong to
 * @param numSamples echo of the request
 * @param logprobs echo of the request
 * @param suffix echo of the request
 * @param user echo of the request
 * @param data one item per sample; one delta in a stream event
 * @param usage token counts; in a stream, on a sample's last event only
 * @param metadata echo of the request
 * @param providerResponses the provider's raw answers, one per provider call
 * @param providerRequest the body sent to the provider
 * @param sessionId the session the logs joined
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CompletionResponse(
        String projectId,
        Integer numSamples,
        Integer logprobs,
        String suffix,
        String user,
        List<CompletionDataResponse> data,
        Usage usage,
        Map<String, Object> metadata,
        List<JsonNode> providerResponses,
        JsonNode providerRequest,
        String sessionId) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
