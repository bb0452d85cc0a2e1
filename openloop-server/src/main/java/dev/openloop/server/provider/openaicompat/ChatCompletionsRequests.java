package dev.openloop.server.provider.openaicompat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ContentPart;
import dev.openloop.api.chat.MessageContent;
import dev.openloop.api.chat.ToolCall;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ToolDefinition;
import dev.openloop.server.json.Json;
import dev.openloop.server.provider.FunctionFormat;
import dev.openloop.server.provider.ProviderRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

/**
 * Builds Chat Completions request bodies. Parameters equal to the v4 defaults are left out, so
 * the provider applies its own defaults (some models refuse a temperature they do not support,
 * even when it is the default value). The output limit goes under the name the server speaks:
 * OpenAI's reasoning models refuse {@code max_tokens} and take only {@code max_completion_tokens},
 * which many OpenAI-compatible servers do not know.
 *
 * <p>The body is written straight to its bytes ({@link #bytes}): a tree of it would be built only
 * to be written once. The tree form ({@link #body}) stays for a config whose {@code other}
 * parameters name one of the body's own fields: a tree replaces that field's value where it
 * stands, which a stream of tokens cannot do.
 */
public final class ChatCompletionsRequests {
    /** The fields {@link #body} may write before a config's {@code other} parameters. */
    private static final Set<String> OWN_FIELDS = Set.of("model", "messages", "n", "max_tokens",
            "max_completion_tokens", "temperature", "top_p", "presence_penalty", "frequency_penalty", "stop", "seed",
            "user", "response_format", "tools", "tool_choice", "stream", "stream_options");
    /** What a usual body takes (a few messages), so that most are written without growing the buffer. */
    private static final int BODY_BUFFER_BYTES = 1024;

    private ChatCompletionsRequests() {
    }

    /**
     * The body for {@code request} as JSON bytes, the same as {@link #body}'s tree written out.
     *
     * @param includeModel whether to name the model ({@code false} for Azure, which names the deployment in the URL)
     * @param maxTokensParameter the name {@code max_tokens} goes under: {@code max_completion_tokens} or {@code max_tokens}
     */
    public static byte[] bytes(ProviderRequest request, boolean stream, boolean includeModel, String maxTokensParameter) {
        ModelConfigRequest config = request.config();
        if (!OWN_FIELDS.contains(maxTokensParameter) || namesOwnField(config.other())) {
            return Json.bytes(body(request, stream, includeModel, maxTokensParameter));
        }
        try (ByteArrayBuilder out = new ByteArrayBuilder(BODY_BUFFER_BYTES)) {
            try (JsonGenerator body = Json.MAPPER.createGenerator(out)) {
                write(body, request, stream, includeModel, maxTokensParameter);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a Chat Completions body", e);
        }
    }

    private static boolean namesOwnField(Map<String, Object> other) {
        for (String name : other.keySet()) {
            if (OWN_FIELDS.contains(name)) {
                return true;
            }
        }
        return false;
    }

    /** {@link #body}'s fields, in its order, written as tokens. */
    private static void write(JsonGenerator body, ProviderRequest request, boolean stream, boolean includeModel,
            String maxTokensParameter) throws IOException {
        ModelConfigRequest config = request.config();
        body.writeStartObject();
        if (includeModel) {
            body.writeStringField("model", config.model());
        }
        body.writeArrayFieldStart("messages");
        for (ChatMessage message : request.messages()) {
            writeMessage(body, message);
        }
        body.writeEndArray();
        if (request.samples() > 1) {
            body.writeNumberField("n", request.samples());
        }
        if (config.maxTokens() != null && config.maxTokens() > 0) {
            body.writeNumberField(maxTokensParameter, config.maxTokens().intValue());
        }
        writeIfNot(body, "temperature", config.temperature(), 1.0);
        writeIfNot(body, "top_p", config.topP(), 1.0);
        writeIfNot(body, "presence_penalty", config.presencePenalty(), 0.0);
        writeIfNot(body, "frequency_penalty", config.frequencyPenalty(), 0.0);
        if (config.stop() != null && !config.stop().isEmpty()) {
            body.writeArrayFieldStart("stop");
            for (String stop : config.stop()) {
                body.writeString(stop);
            }
            body.writeEndArray();
        }
        if (request.seed() != null) {
            body.writeNumberField("seed", request.seed().longValue());
        }
        if (request.user() != null) {
            body.writeStringField("user", request.user());
        }
        if (request.responseFormat() != null) {
            body.writeObjectFieldStart("response_format");
            body.writeStringField("type", request.responseFormat().type().wire());
            body.writeEndObject();
        }
        if (config.tools() != null && !config.tools().isEmpty()) {
            body.writeArrayFieldStart("tools");
            for (ToolDefinition tool : config.tools()) {
                body.writeTree(FunctionFormat.tool(tool));
            }
            body.writeEndArray();
        }
        if (request.toolChoice() != null) {
            body.writeFieldName("tool_choice");
            body.writeTree(Json.MAPPER.valueToTree(request.toolChoice()));
        }
        if (stream) {
            body.writeBooleanField("stream", true);
            body.writeObjectFieldStart("stream_options");
            body.writeBooleanField("include_usage", true);
            body.writeEndObject();
        }
        for (Map.Entry<String, Object> extra : config.other().entrySet()) {
            body.writeFieldName(extra.getKey());
            // Through a tree, as body() sets it: the same numbers and nulls come out.
            body.writeTree(Json.MAPPER.valueToTree(extra.getValue()));
        }
        body.writeEndObject();
    }

    private static void writeIfNot(JsonGenerator body, String name, Double value, double providerDefault) throws IOException {
        if (value != null && value != providerDefault) {
            body.writeNumberField(name, value.doubleValue());
        }
    }

    /** {@link #message}'s object, written as tokens. */
    private static void writeMessage(JsonGenerator body, ChatMessage message) throws IOException {
        body.writeStartObject();
        body.writeStringField("role", message.role().wire());
        MessageContent content = message.content();
        switch (content) {
            case null -> body.writeNullField("content");
            case MessageContent.Text text -> body.writeStringField("content", text.value());
            case MessageContent.Parts parts -> {
                body.writeArrayFieldStart("content");
                for (ContentPart part : parts.parts()) {
                    body.writeTree(FunctionFormat.contentPart(part));
                }
                body.writeEndArray();
            }
        }
        if (message.name() != null) {
            body.writeStringField("name", message.name());
        }
        if (message.toolCallId() != null) {
            body.writeStringField("tool_call_id", message.toolCallId());
        }
        if (message.toolCalls() != null && !message.toolCalls().isEmpty()) {
            body.writeArrayFieldStart("tool_calls");
            for (ToolCall call : message.toolCalls()) {
                body.writeTree(FunctionFormat.toolCall(call));
            }
            body.writeEndArray();
        } else if (message.toolCall() != null) {
            body.writeObjectFieldStart("function_call");
            body.writeStringField("name", message.toolCall().name());
            body.writeStringField("arguments", message.toolCall().arguments() == null ? "{}" : message.toolCall().arguments());
            body.writeEndObject();
        }
        body.writeEndObject();
    }

    /**
     * The body for {@code request}.
     *
     * @param includeModel whether to name the model ({@code false} for Azure, which names the deployment in the URL)
     * @param maxTokensParameter the name {@code max_tokens} goes under: {@code max_completion_tokens} or {@code max_tokens}
     */
    public static ObjectNode body(ProviderRequest request, boolean stream, boolean includeModel, String maxTokensParameter) {
        ModelConfigRequest config = request.config();
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (includeModel) {
            body.put("model", config.model());
        }
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage message : request.messages()) {
            messages.add(message(message));
        }
        if (request.samples() > 1) {
            body.put("n", request.samples());
        }
        if (config.maxTokens() != null && config.maxTokens() > 0) {
            body.put(maxTokensParameter, config.maxTokens());
        }
        putIfNot(body, "temperature", config.temperature(), 1.0);
        putIfNot(body, "top_p", config.topP(), 1.0);
        putIfNot(body, "presence_penalty", config.presencePenalty(), 0.0);
        putIfNot(body, "frequency_penalty", config.frequencyPenalty(), 0.0);
        if (config.stop() != null && !config.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            config.stop().forEach(stop::add);
        }
        if (request.seed() != null) {
            body.put("seed", request.seed());
        }
        if (request.user() != null) {
            body.put("user", request.user());
        }
        if (request.responseFormat() != null) {
            body.putObject("response_format").put("type", request.responseFormat().type().wire());
        }
        if (config.tools() != null && !config.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolDefinition tool : config.tools()) {
                tools.add(FunctionFormat.tool(tool));
            }
        }
        if (request.toolChoice() != null) {
            body.set("tool_choice", Json.MAPPER.valueToTree(request.toolChoice()));
        }
        if (stream) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        for (Map.Entry<String, Object> extra : config.other().entrySet()) {
            body.set(extra.getKey(), Json.MAPPER.valueToTree(extra.getValue()));
        }
        return body;
    }

    private static void putIfNot(ObjectNode body, String name, Double value, double providerDefault) {
        if (value != null && value != providerDefault) {
            body.put(name, value);
        }
    }

    static ObjectNode message(ChatMessage message) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("role", message.role().wire());
        MessageContent content = message.content();
        switch (content) {
            case null -> node.putNull("content");
            case MessageContent.Text text -> node.put("content", text.value());
            case MessageContent.Parts parts -> {
                ArrayNode array = node.putArray("content");
                for (ContentPart part : parts.parts()) {
                    array.add(FunctionFormat.contentPart(part));
                }
            }
        }
        if (message.name() != null) {
            node.put("name", message.name());
        }
        if (message.toolCallId() != null) {
            node.put("tool_call_id", message.toolCallId());
        }
        if (message.toolCalls() != null && !message.toolCalls().isEmpty()) {
            ArrayNode calls = node.putArray("tool_calls");
            for (ToolCall call : message.toolCalls()) {
                calls.add(FunctionFormat.toolCall(call));
            }
        } else if (message.toolCall() != null) {
            ObjectNode function = node.putObject("function_call");
            function.put("name", message.toolCall().name());
            function.put("arguments", message.toolCall().arguments() == null ? "{}" : message.toolCall().arguments());
        }
        return node;
    }
}
