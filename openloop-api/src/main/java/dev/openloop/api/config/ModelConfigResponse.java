package dev.openloop.api.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ResponseFormat;
import dev.openloop.api.json.WireText;
import java.util.List;
import java.util.Map;

/**
 * A stored config version ({@code ModelConfigResponse}; {@code type} is always {@code model}).
 *
 * @param id {@code config_…}, derived from its parameters
 * @param type {@code model}
 * @param model the provider's model name
 * @param name display name
 * @param description description
 * @param provider the provider
 * @param maxTokens tokens to generate at most; -1 for as many as fit
 * @param temperature sampling temperature
 * @param topP nucleus sampling
 * @param stop stop sequences
 * @param presencePenalty presence penalty
 * @param frequencyPenalty frequency penalty
 * @param other extra provider parameters
 * @param seed sampling seed
 * @param responseFormat JSON mode
 * @param endpoint provider endpoint kind
 * @param promptTemplate the completion prompt template, for completion configs
 * @param chatTemplate the chat template
 * @param toolConfigs v4's deprecated list of tool configs; OpenLoop stores none, so always empty
 *     (a config's tools are in {@code tools})
 * @param tools its tools
 * @param fallbacks an OpenLoop extension: the fallbacks stored with it ({@link Fallback}); empty when none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelConfigResponse(
        String id,
        String type,
        String model,
        String name,
        String description,
        ModelProvider provider,
        Integer maxTokens,
        Double temperature,
        Double topP,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> stop,
        Double presencePenalty,
        Double frequencyPenalty,
        Map<String, Object> other,
        Long seed,
        ResponseFormat responseFormat,
        ModelEndpoint endpoint,
        String promptTemplate,
        List<ChatMessage> chatTemplate,
        List<Object> toolConfigs,
        List<ToolResponse> tools,
        List<Fallback> fallbacks) {
    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
