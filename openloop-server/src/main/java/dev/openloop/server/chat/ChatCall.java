package dev.openloop.server.chat;

import dev.openloop.server.apikey.KeyScope;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ProviderApiKeys;
import dev.openloop.api.chat.ResponseFormat;
import dev.openloop.api.chat.ToolChoice;
import dev.openloop.api.config.Fallback;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ToolDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chat call as the core takes it, whichever door it came through: where the config comes from,
 * the conversation, where the logs go and what they keep. A door binds and checks its own request,
 * then fills what it has; the core resolves, calls the providers and records.
 *
 * @param config where the config of each sample comes from
 * @param messages the conversation, placed after the config's chat template
 * @param placement the project, session and parent the logs belong to
 * @param inputs values for the template's {@code {{name}}} placeholders; empty when none
 * @param numSamples how many samples to generate, at least 1
 * @param toolChoice whether and which tool the model must call, or null
 * @param responseFormat the answer's format, or null for the config's
 * @param seed the call's seed, used when the config has none; or null
 * @param user the end user, passed to the provider; or null
 * @param recording what the logs record besides the call itself
 * @param keys provider keys for this call only
 * @param overrides sampling parameters that replace the resolved config's for the provider call
 * @param completion set when the call asks for a text completion of the config's prompt template
 *     rather than a chat; null for a chat
 * @param fallbacks what answers, in order, when the config's provider fails in a way another may
 *     get around; when given (a {@code /v1} body's), they replace the config's own; null when not
 */
public record ChatCall(
        ConfigChoice config,
        List<ChatMessage> messages,
        Placement placement,
        Map<String, Object> inputs,
        int numSamples,
        ToolChoice toolChoice,
        ResponseFormat responseFormat,
        Long seed,
        String user,
        Recording recording,
        ProviderApiKeys keys,
        Overrides overrides,
        Completion completion,
        KeyScope scope,
        List<Fallback> fallbacks) {

    /** Fills what a door left out with what "not given" means, so that the core never meets a null collection. */
    public ChatCall {
        messages = messages == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(messages));
        placement = placement == null ? Placement.NONE : placement;
        inputs = inputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        recording = recording == null ? Recording.DEFAULT : recording;
        keys = keys == null ? ProviderApiKeys.NONE : keys;
        overrides = overrides == null ? Overrides.NONE : overrides;
        fallbacks = fallbacks == null ? null : Collections.unmodifiableList(new ArrayList<>(fallbacks));
        scope = scope == null ? KeyScope.ADMIN : scope;
    }

    /** This call made by a key of {@code scope}: its logs go only into a project the key reaches. */
    public ChatCall within(KeyScope scope) {
        return new ChatCall(config, messages, placement, inputs, numSamples, toolChoice, responseFormat, seed, user,
                recording, keys, overrides, completion, scope, fallbacks);
    }

    /** The same call, made with the API key {@code apiKeyId} (recorded with its logs); null for none. */
    public ChatCall byKey(String apiKeyId) {
        return new ChatCall(config, messages, placement, inputs, numSamples, toolChoice, responseFormat, seed, user,
                recording.byKey(apiKeyId), keys, overrides, completion, scope, fallbacks);
    }

    /** A builder with nothing chosen yet: one sample, no placement, keys or overrides. */
    public static Builder builder(ConfigChoice config) {
        return new Builder(config);
    }

    /**
     * A call that asks for a text completion rather than a chat: it has no messages, its prompt is
     * the config's {@code prompt_template} filled from the inputs, as one user message, and a
     * provider with a completion API for the model gets it as one text with these parameters.
     *
     * @param logprobs how many of the most likely tokens' log probabilities to return, or null
     * @param suffix text to come after the completion, or null
     */
    public record Completion(Integer logprobs, String suffix) {
    }

    /** Where a call's config comes from. */
    public sealed interface ConfigChoice {
        /** A config given whole with the call; its version is stored when new. */
        record Inline(ModelConfigRequest config) implements ConfigChoice {
        }

        /** A stored config, by id. */
        record Registered(String configId) implements ConfigChoice {
        }

        /** A config drawn for each sample from an experiment. */
        record Experiment(String experimentId) implements ConfigChoice {
        }

        /**
         * What the project deployed to an environment.
         *
         * @param environment the environment's name; null for the project's default environment
         */
        record Deployed(String environment) implements ConfigChoice {
        }
    }

    /**
     * Where the logs go. Each pair names one thing in two ways, the node's id or the caller's
     * name; a door gives at most one of each pair.
     */
    public record Placement(String project, String projectId, String sessionId, String sessionReferenceId,
            String parentId, String parentReferenceId) {
        /** The call names no project, session or parent. */
        public static final Placement NONE = new Placement(null, null, null, null, null, null);
    }

    /**
     * What the logs record besides the call.
     *
     * @param source a free-text label of where the call came from, or null
     * @param metadata anything to keep with the logs, or null
     * @param save false keeps the logs without the call's texts
     * @param sourceDatapointId the dataset datapoint the call is for, or null
     * @param apiKeyId the id of the API key that made the call ({@code key_…}), recorded so that
     *     spend can be told by key; null when no key made it
     */
    public record Recording(String source, Map<String, Object> metadata, boolean save, String sourceDatapointId,
            String apiKeyId) {
        /** No label, no metadata, texts kept. */
        public static final Recording DEFAULT = new Recording(null, null, true, null, null);

        public Recording {
            metadata = metadata == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }

        /** A recording made without an API key. */
        public Recording(String source, Map<String, Object> metadata, boolean save, String sourceDatapointId) {
            this(source, metadata, save, sourceDatapointId, null);
        }

        /** The same recording, made with the key {@code apiKeyId}. */
        public Recording byKey(String apiKeyId) {
            return new Recording(source, metadata, save, sourceDatapointId, apiKeyId);
        }
    }

    /**
     * Parameters a call sets for itself: sampling, the tools the model may call, and provider
     * settings under the config's {@code other} (e.g. a {@code response_format} with a JSON
     * schema). A non-null value replaces the resolved config's (an {@code other} entry the entry
     * of the same name) for the provider call only: the config logged and credited stays the one
     * resolved, so an experiment's draws are judged as drawn.
     */
    public record Overrides(Double temperature, Double topP, Integer maxTokens, List<String> stop,
            Double presencePenalty, Double frequencyPenalty, List<ToolDefinition> tools, Map<String, Object> other) {
        /** Nothing overridden. */
        public static final Overrides NONE = new Overrides(null, null, null, null, null, null, null, null);

        public Overrides {
            stop = stop == null ? null : List.copyOf(stop);
            tools = tools == null ? null : List.copyOf(tools);
            other = other == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(other));
        }

        /** Sampling parameters only. */
        public Overrides(Double temperature, Double topP, Integer maxTokens, List<String> stop,
                Double presencePenalty, Double frequencyPenalty) {
            this(temperature, topP, maxTokens, stop, presencePenalty, frequencyPenalty, null, null);
        }

        /** The config with these values in place of its own. */
        ModelConfigRequest applyTo(ModelConfigRequest config) {
            if (equals(NONE)) {
                return config;
            }
            ModelConfigRequest.Builder changed = config.toBuilder();
            if (temperature != null) {
                changed.temperature(temperature);
            }
            if (topP != null) {
                changed.topP(topP);
            }
            if (maxTokens != null) {
                changed.maxTokens(maxTokens);
            }
            if (stop != null) {
                changed.stop(stop);
            }
            if (presencePenalty != null) {
                changed.presencePenalty(presencePenalty);
            }
            if (frequencyPenalty != null) {
                changed.frequencyPenalty(frequencyPenalty);
            }
            if (tools != null) {
                changed.tools(tools);
            }
            if (other != null) {
                Map<String, Object> merged = config.other() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(config.other());
                merged.putAll(other);
                changed.other(merged);
            }
            return changed.build();
        }
    }

    /** Builds a {@link ChatCall}; a door sets only what its request gives. */
    public static final class Builder {
        private final ConfigChoice config;
        private List<ChatMessage> messages;
        private Placement placement;
        private Map<String, Object> inputs;
        private int numSamples = 1;
        private ToolChoice toolChoice;
        private ResponseFormat responseFormat;
        private Long seed;
        private String user;
        private Recording recording;
        private ProviderApiKeys keys;
        private Overrides overrides;
        private Completion completion;
        private List<Fallback> fallbacks;

        private Builder(ConfigChoice config) {
            this.config = config;
        }

        public Builder messages(List<ChatMessage> value) { messages = value; return this; }
        public Builder placement(Placement value) { placement = value; return this; }
        public Builder inputs(Map<String, Object> value) { inputs = value; return this; }
        public Builder numSamples(int value) { numSamples = value; return this; }
        public Builder toolChoice(ToolChoice value) { toolChoice = value; return this; }
        public Builder responseFormat(ResponseFormat value) { responseFormat = value; return this; }
        public Builder seed(Long value) { seed = value; return this; }
        public Builder user(String value) { user = value; return this; }
        public Builder recording(Recording value) { recording = value; return this; }
        public Builder keys(ProviderApiKeys value) { keys = value; return this; }
        public Builder overrides(Overrides value) { overrides = value; return this; }
        public Builder completion(Completion value) { completion = value; return this; }
        public Builder fallbacks(List<Fallback> value) { fallbacks = value; return this; }

        public ChatCall build() {
            return new ChatCall(config, messages, placement, inputs, numSamples, toolChoice, responseFormat, seed, user,
                    recording, keys, overrides, completion, null, fallbacks);
        }
    }
}
