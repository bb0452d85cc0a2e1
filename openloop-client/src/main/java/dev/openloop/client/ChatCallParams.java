package dev.openloop.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRequest;
import dev.openloop.api.chat.ProviderApiKeys;
import dev.openloop.api.chat.ResponseFormat;
import dev.openloop.api.chat.ToolChoice;
import dev.openloop.api.json.WireText;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the chat calls share: the fields every chat endpoint takes, and body properties of the
 * caller's own. Each endpoint has its own type, whose builder offers only what that endpoint takes
 * and checks what it requires: {@link ChatParams} ({@code /chat}), {@link ChatDeployedParams},
 * {@link ChatExperimentParams} and {@link ChatModelConfigParams}.
 *
 * <p>{@code stream} is not among the fields: the {@code …Stream} form of a call sends it.
 */
public abstract sealed class ChatCallParams
        permits ChatParams, ChatDeployedParams, ChatExperimentParams, ChatModelConfigParams {
    private final String path;
    private final ChatRequest body;
    private final Map<String, Object> additionalBodyProperties;

    ChatCallParams(String path, BaseBuilder<?, ?> builder) {
        this.path = path;
        this.body = builder.body.build();
        this.additionalBodyProperties = Collections.unmodifiableMap(new LinkedHashMap<>(builder.additional));
    }

    /**
     * The typed fields, as the wire model's request.
     *
     * @return the body without the additional properties
     */
    public ChatRequest body() {
        return body;
    }

    /**
     * The body properties added with {@link BaseBuilder#putAdditionalBodyProperty}.
     *
     * @return each name with its value, unmodifiable
     */
    public Map<String, Object> additionalBodyProperties() {
        return additionalBodyProperties;
    }

    /** The endpoint's path, e.g. {@code /chat-deployed}. */
    String path() {
        return path;
    }

    /** The body as JSON: the typed fields, then the additional properties, which win over a typed field of the same name. */
    final ObjectNode toJson(ChatRequest typed) {
        ObjectNode json = Json.MAPPER.valueToTree(typed);
        additionalBodyProperties.forEach((name, value) -> json.set(name, Json.MAPPER.valueToTree(value)));
        return json;
    }

    /** The body as the JSON that is sent (provider keys hidden), e.g. {@code {"messages":[...],"project":"assistant"}}. */
    @Override
    public String toString() {
        try {
            ObjectNode json = (ObjectNode) Json.MAPPER.readTree(WireText.of(body));
            additionalBodyProperties.forEach((name, value) -> json.set(name, Json.MAPPER.valueToTree(value)));
            return json.toString();
        } catch (JsonProcessingException | IllegalArgumentException | ClassCastException e) {
            // toString() must not throw: a value that cannot be written shows as the typed body alone.
            return WireText.of(body);
        }
    }

    /**
     * What the four builders share: the fields of every chat endpoint.
     *
     * @param <P> the parameters built
     * @param <B> the builder itself, so that each setter returns it
     */
    public abstract static sealed class BaseBuilder<P extends ChatCallParams, B extends BaseBuilder<P, B>>
            permits ChatParams.Builder, ChatDeployedParams.Builder, ChatExperimentParams.Builder,
            ChatModelConfigParams.Builder {
        final ChatRequest.Builder body;
        final Map<String, Object> additional = new LinkedHashMap<>();

        /** An empty builder, or one holding every field of {@code from} when it is not null. */
        BaseBuilder(ChatCallParams from) {
            this.body = from == null ? ChatRequest.builder() : from.body.toBuilder();
            if (from != null) {
                additional.putAll(from.additionalBodyProperties);
            }
        }

        /** This builder, typed as itself. */
        abstract B self();

        /**
         * The conversation, placed after the config's chat template. Required.
         *
         * @param value the messages, oldest first
         * @return this builder
         */
        public B messages(List<ChatMessage> value) { body.messages(value); return self(); }

        /**
         * The conversation, placed after the config's chat template. Required.
         *
         * <pre>{@code
         * .messages(ChatMessage.system("Be brief."), ChatMessage.user("Hello!"))
         * }</pre>
         *
         * @param value the messages, oldest first
         * @return this builder
         */
        public B messages(ChatMessage... value) { body.messages(value); return self(); }

        /**
         * The project's name; a project of that name is created when there is none.
         *
         * @param value the name
         * @return this builder
         */
        public B project(String value) { body.project(value); return self(); }

        /**
         * The project's id.
         *
         * @param value {@code pr_…}
         * @return this builder
         */
        public B projectId(String value) { body.projectId(value); return self(); }

        /**
         * An existing session to log into.
         *
         * @param value {@code sesh_…}
         * @return this builder
         */
        public B sessionId(String value) { body.sessionId(value); return self(); }

        /**
         * The caller's own key of a session, created on first use.
         *
         * @param value any text
         * @return this builder
         */
        public B sessionReferenceId(String value) { body.sessionReferenceId(value); return self(); }

        /**
         * The parent log.
         *
         * @param value {@code data_…}
         * @return this builder
         */
        public B parentId(String value) { body.parentId(value); return self(); }

        /**
         * The caller's own key of the parent log.
         *
         * @param value the parent's reference id
         * @return this builder
         */
        public B parentReferenceId(String value) { body.parentReferenceId(value); return self(); }

        /**
         * Values for the template's {@code {{name}}} placeholders.
         *
         * @param value each placeholder's name with its value
         * @return this builder
         */
        public B inputs(Map<String, ?> value) { body.inputs(value); return self(); }

        /**
         * A label of where the call came from.
         *
         * @param value free text
         * @return this builder
         */
        public B source(String value) { body.source(value); return self(); }

        /**
         * Anything to store with the log.
         *
         * @param value any JSON-writable values
         * @return this builder
         */
        public B metadata(Map<String, ?> value) { body.metadata(value); return self(); }

        /**
         * Whether to keep the log's payloads; {@code false} keeps the log without them.
         *
         * @param value true by default
         * @return this builder
         */
        public B save(boolean value) { body.save(value); return self(); }

        /**
         * The dataset datapoint this generation is for.
         *
         * @param value the datapoint's id
         * @return this builder
         */
        public B sourceDatapointId(String value) { body.sourceDatapointId(value); return self(); }

        /**
         * Provider keys for this call only; merged over the client's, a key set here winning.
         *
         * <pre>{@code
         * .providerApiKeys(ProviderApiKeys.builder().openai(System.getenv("OPENAI_API_KEY")).build())
         * }</pre>
         *
         * @param value the keys
         * @return this builder
         */
        public B providerApiKeys(ProviderApiKeys value) { body.providerApiKeys(value); return self(); }

        /**
         * How many generations to make; 1 by default.
         *
         * @param value at least 1
         * @return this builder
         */
        public B numSamples(int value) { body.numSamples(value); return self(); }

        /**
         * The end user's id, passed on to the provider.
         *
         * @param value the id
         * @return this builder
         */
        public B user(String value) { body.user(value); return self(); }

        /**
         * A sampling seed; deprecated by v4 in favour of the config's seed.
         *
         * @param value the seed
         * @return this builder
         */
        public B seed(long value) { body.seed(value); return self(); }

        /**
         * Whether the answer repeats each sample's inputs; true by default.
         *
         * @param value false leaves {@code data[].inputs} empty
         * @return this builder
         */
        public B returnInputs(boolean value) { body.returnInputs(value); return self(); }

        /**
         * Whether and which tool the model must call.
         *
         * @param value e.g. {@link ToolChoice#AUTO} or {@code ToolChoice.function("get_weather")}
         * @return this builder
         */
        public B toolChoice(ToolChoice value) { body.toolChoice(value); return self(); }

        /**
         * Whether the model must call a tool, in the wire's spelling.
         *
         * @param value {@code "none"}, {@code "auto"} or {@code "required"}
         * @return this builder
         * @throws IllegalArgumentException for any other text (name a function with
         *     {@link #toolChoice(ToolChoice)} and {@link ToolChoice#function})
         */
        public B toolChoice(String value) { return toolChoice(ToolChoice.of(value)); }

        /**
         * Whether and which tool the model must call, sent as the deprecated {@code tool_call}.
         *
         * @param value e.g. {@link ToolChoice#AUTO} or {@code ToolChoice.function("get_weather")}
         * @return this builder
         */
        public B toolCall(ToolChoice value) { body.toolCall(value); return self(); }

        /**
         * Whether the model must call a tool, in the wire's spelling, sent as the deprecated
         * {@code tool_call}, as the Python SDK's {@code tool_call="auto"}.
         *
         * @param value {@code "none"}, {@code "auto"} or {@code "required"}
         * @return this builder
         * @throws IllegalArgumentException for any other text
         */
        public B toolCall(String value) { return toolCall(ToolChoice.of(value)); }

        /**
         * JSON mode.
         *
         * @param value the format
         * @return this builder
         */
        public B responseFormat(ResponseFormat value) { body.responseFormat(value); return self(); }

        /**
         * Adds a property to the body that the typed fields do not cover, e.g. one a newer server
         * takes. It is sent as given, and wins over a typed field of the same name.
         *
         * <pre>{@code
         * .putAdditionalBodyProperty("logprobs", true)
         * }</pre>
         *
         * @param name the property's name, as on the wire
         * @param value any JSON-writable value: a string, number, boolean, list, map, record or
         *     Jackson node; {@code null} sends {@code null}
         * @return this builder
         * @throws IllegalArgumentException for {@code stream}: the {@code …Stream} form of a call sends it
         */
        public B putAdditionalBodyProperty(String name, Object value) {
            Objects.requireNonNull(name, "name");
            if (name.equals("stream")) {
                throw new IllegalArgumentException("\"stream\" is sent by the Stream form of a call, "
                        + "e.g. humanloop.chatStream(params): it cannot be an additional property");
            }
            additional.put(name, value);
            return self();
        }

        /**
         * Adds each of these properties; see {@link #putAdditionalBodyProperty}.
         *
         * @param properties each name with its value
         * @return this builder
         */
        public B putAllAdditionalBodyProperties(Map<String, ?> properties) {
            properties.forEach(this::putAdditionalBodyProperty);
            return self();
        }

        /**
         * The parameters, once the fields the endpoint requires are checked.
         *
         * @return the parameters
         * @throws IllegalStateException naming each required field that is missing
         */
        public abstract P build();
    }
}
