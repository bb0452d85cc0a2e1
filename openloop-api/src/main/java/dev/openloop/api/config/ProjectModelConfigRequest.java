package dev.openloop.api.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ResponseFormat;
import java.util.List;
import java.util.Map;

/**
 * Registers a config with a project ({@code POST /model-configs}). The fields are those of a model
 * config, plus where it goes. Note v4's default here: {@code endpoint} is {@code complete} when
 * absent, not {@code chat}.
 *
 * @param project the project's name; created when unknown
 * @param projectId the project's id
 * @param experiment the name of an existing experiment of the project to add the config to
 * @param model the provider's model name
 * @param provider the provider
 * @param name display name
 * @param description description
 * @param maxTokens tokens to generate at most; -1 for as many as fit
 * @param temperature sampling temperature
 * @param topP nucleus sampling
 * @param stop stop sequences
 * @param presencePenalty presence penalty
 * @param frequencyPenalty frequency penalty
 * @param other extra provider parameters
 * @param seed sampling seed
 * @param responseFormat JSON mode
 * @param endpoint provider endpoint kind; {@code complete} when absent
 * @param promptTemplate completion prompt template
 * @param chatTemplate chat template
 * @param tools tools
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProjectModelConfigRequest(
        String project,
        String projectId,
        String experiment,
        String model,
        ModelProvider provider,
        String name,
        String description,
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
        List<ToolDefinition> tools) {

    /** A registration of {@code config} with the project named {@code project}. */
    public static ProjectModelConfigRequest of(String project, ModelConfigRequest config) {
        return new ProjectModelConfigRequest(project, null, null, config.model(), config.provider(), config.name(),
                config.description(), config.maxTokens(), config.temperature(), config.topP(), config.stop(),
                config.presencePenalty(), config.frequencyPenalty(), config.other(), config.seed(),
                config.responseFormat(), config.endpoint(), config.promptTemplate(), config.chatTemplate(), config.tools());
    }

    /** The config part, with v4's register default for {@code endpoint} applied. */
    public ModelConfigRequest config() {
        return new ModelConfigRequest(model, provider, name, description, maxTokens, temperature, topP, stop,
                presencePenalty, frequencyPenalty, other, seed, responseFormat,
                endpoint == null ? ModelEndpoint.COMPLETE : endpoint, promptTemplate, chatTemplate, tools);
    }

    /** A copy for another project, given by id. */
    public ProjectModelConfigRequest withProjectId(String id) {
        return new ProjectModelConfigRequest(null, id, experiment, model, provider, name, description, maxTokens,
                temperature, topP, stop, presencePenalty, frequencyPenalty, other, seed, responseFormat, endpoint,
                promptTemplate, chatTemplate, tools);
    }
}
