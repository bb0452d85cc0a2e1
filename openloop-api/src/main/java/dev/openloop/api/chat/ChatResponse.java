package dev.openloop.api.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.openloop.api.json.WireText;
import java.util.List;
import java.util.Map;

/**
 * The answer of the chat endpoints; in a stream, the envelope of each event.
 *
 * <p>Every key is always written, {@code null} where it does not apply: clients of the first v4
 * SDKs read the body as a plain map, so a missing key is a crash for them.
 *
 * @param data one item per sample; one delta in a stream event
 * @param providerResponses the provider's raw answers, one per provider call
 * @param projectId the project the logs belong to
 * @param numSamples echo of the request
 * @param logprobs completion-only leftover, always {@code null}
 * @param suffix completion-only leftover, always {@code null}
 * @param user echo of the request
 * @param usage token counts; in a stream, on a sample's last event only
 * @param metadata echo of the request
 * @param providerRequest the body sent to the provider
 * @param sessionId the session the logs joined
 * @param toolChoice echo of the request's {@code tool_choice}
 * @param toolCall echo of the request's deprecated {@code tool_call}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ChatResponse(
        List<ChatDataResponse> data,
        List<JsonNode> providerResponses,
        String projectId,
        Integer numSamples,
        Integer logprobs,
        String suffix,
        String user,
        Usage usage,
        Map<String, Object> metadata,
        JsonNode providerRequest,
        String sessionId,
        ToolChoice toolChoice,
        @JsonSerialize(using = ToolChoice.LegacySerializer.class) ToolChoice toolCall) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
