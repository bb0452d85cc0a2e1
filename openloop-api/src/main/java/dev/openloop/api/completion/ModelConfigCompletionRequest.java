package dev.openloop.api.completion;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.chat.ResponseFormat;
import dev.openloop.api.common.Unmodifiable;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ModelEndpoint;
import dev.openloop.api.config.ModelProvider;
import dev.openloop.api.json.ClosedSchema;
import dev.openloop.api.json.WireText;
import java.util.List;
import java.util.Map;

/**
 * A completion model config given inline on {@code /completion} ({@code ModelConfigCompletionRequest}
 * in the v4 schema): a prompt template instead of a chat template, no tools, and {@code endpoint}
 * {@code complete} when absent.
 *
 * @param model the provider's model name; for Azure, the deployment name
 * @param provider the provider; {@code openai} when absent
 * @param name display name
 * @param maxTokens tokens to generate at most; {@code -1} (the default) means as many as fit
 * @param temperature sampling temperature, default 1
 * @param topP nucleus sampling, default 1
 * @param stop stop sequences; a single string is read as a list of one
 * @param presencePenalty default 0
 * @param frequencyPenalty default 0
 * @param other extra provider parameters, merged into the provider call
 * @param seed sampling seed
 * @param responseFormat JSON mode
 * @param endpoint provider endpoint kind; {@code complete} when absent
 * @param promptTemplate the prompt, with {@code {{input}}} placeholders
 */
@ClosedSchema
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelConfigCompletionRequest(
        String model,
        ModelProvider provider,
        String name,
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
        String promptTemplate) {

    /** Keeps unmodifiable copies of the collections given, so that the record cannot change once made. */
    public ModelConfigCompletionRequest {
        stop = Unmodifiable.copyOf(stop);
        other = Unmodifiable.copyOf(other);
    }

    /**
     * A config for {@code model} on {@code provider} with {@code promptTemplate}, everything else default.
     *
     * @param provider the provider
     * @param model the model's name
     * @param promptTemplate the prompt template
     * @return the config
     */
    public static ModelConfigCompletionRequest of(ModelProvider provider, String model, String promptTemplate) {
        return new ModelConfigCompletionRequest(model, provider, null, null, null, null, null, null, null, null, null, null,
                null, promptTemplate);
    }

    /**
     * The same parameters as a model config of any kind, {@code endpoint} {@code complete} when
     * absent: registering it, or inlining it again, gives the same config.
     *
     * @return the config
     */
    public ModelConfigRequest toModelConfig() {
        return ModelConfigRequest.builder()
                .model(model)
                .provider(provider)
                .name(name)
                .maxTokens(maxTokens)
                .temperature(temperature)
                .topP(topP)
                .stop(stop)
                .presencePenalty(presencePenalty)
                .frequencyPenalty(frequencyPenalty)
                .other(other)
                .seed(seed)
                .responseFormat(responseFormat)
                .endpoint(endpoint == null ? ModelEndpoint.COMPLETE : endpoint)
                .promptTemplate(promptTemplate)
                .build();
    }

    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
