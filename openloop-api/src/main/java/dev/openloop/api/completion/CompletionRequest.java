package dev.openloop.api.completion;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.openloop.api.chat.ProviderApiKeys;
import dev.openloop.api.common.Unmodifiable;
import dev.openloop.api.json.ClosedSchema;
import dev.openloop.api.json.WireText;
import java.util.Map;

/**
 * The body of the four completion endpoints ({@code CompletionRequest} and its siblings in the v4
 * schema). Like the chat bodies they share every field but one: {@code /completion} takes
 * {@code model_config}, {@code /completion-model-config} {@code model_config_id},
 * {@code /completion-experiment} {@code experiment_id} and {@code /completion-deployed} an
 * optional {@code environment}; the server refuses a field that belongs to another endpoint. There
 * are no messages: the prompt is the config's {@code prompt_template}, filled from {@code inputs}.
 *
 * @param project project name; created when unknown
 * @param projectId project id ({@code pr_…})
 * @param sessionId an existing session ({@code sesh_…})
 * @param sessionReferenceId the caller's own session key; the session is created on first use
 * @param parentId parent log ({@code data_…})
 * @param parentReferenceId the caller's own key of the parent log
 * @param inputs values for the template's {@code {{name}}} placeholders
 * @param source free-text label of where the call came from
 * @param metadata anything to store with the log
 * @param save {@code false} keeps the log but not its payloads; default true
 * @param sourceDatapointId the dataset datapoint this generation is for
 * @param providerApiKeys provider keys for this call only
 * @param numSamples number of generations; default 1
 * @param stream answer with server-sent events
 * @param user end-user id, passed to the provider
 * @param seed deprecated: use the config's seed
 * @param returnInputs {@code false} empties {@code data[].inputs} in the answer; default true
 * @param logprobs how many of the most likely tokens' log probabilities a completion API returns
 * @param suffix text a completion API places after the completion
 * @param modelConfig {@code /completion}: the inline config
 * @param modelConfigId {@code /completion-model-config}: a registered config
 * @param experimentId {@code /completion-experiment}: the experiment to draw configs from
 * @param environment {@code /completion-deployed}: the environment's name; the default one when absent
 */
@ClosedSchema
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CompletionRequest(
        String project,
        String projectId,
        String sessionId,
        String sessionReferenceId,
        String parentId,
        String parentReferenceId,
        Map<String, Object> inputs,
        String source,
        Map<String, Object> metadata,
        Boolean save,
        String sourceDatapointId,
        ProviderApiKeys providerApiKeys,
        Integer numSamples,
        Boolean stream,
        String user,
        Long seed,
        Boolean returnInputs,
        Integer logprobs,
        String suffix,
        ModelConfigCompletionRequest modelConfig,
        String modelConfigId,
        String experimentId,
        String environment) {

    /** Keeps unmodifiable copies of the collections given, so that the record cannot change once made. */
    public CompletionRequest {
        inputs = Unmodifiable.copyOf(inputs);
        metadata = Unmodifiable.copyOf(metadata);
    }

    /** The JSON this travels as on the wire (see {@link WireText}). */
    @Override
    public String toString() {
        return WireText.of(this);
    }
}
