package dev.openloop.server.provider.openaicompat;

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
import java.util.Map;

/**
 * Builds Chat Completions request bodies. Parameters equal to the v4 defaults are left out, so
 * the provider applies its own defaults (some models refuse a temperature they do not support,
 * even when it is the default value). The output limit goes under the name the server speaks:
 * OpenAI's reasoning models refuse {@code max_tokens} and take only {@code max_completion_tokens},
 * which many OpenAI-compatible servers do not know.
 */
public final class ChatCompletionsRequests {
    private ChatCompletionsRequests() {
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
