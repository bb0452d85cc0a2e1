package dev.openloop.server.provider.ai21;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.server.json.Json;
import dev.openloop.server.provider.FunctionFormat;
import dev.openloop.server.provider.ProviderRequest;
import java.util.Map;

/**
 * Builds the bodies of AI21's Jamba chat completions API ({@code POST /chat/completions}).
 *
 * <p>How v4 maps onto it:
 * <ul>
 *   <li>{@code temperature} is always sent: AI21's own default (0.4) is not v4's (1).</li>
 *   <li>{@code top_p} of 1 (v4's default, and AI21's) is left out.</li>
 *   <li>{@code max_tokens: -1} is left out: AI21 then allows its maximum, 4096.</li>
 *   <li>Message content is text only in the Jamba API: content parts are sent as their text
 *       joined (images are refused by {@link Ai21Support}).</li>
 *   <li>{@code n} is never sent: each sample is a call of its own (see {@link Ai21Provider}).</li>
 *   <li>The request's {@code user} is the end user OpenLoop records on the log; the Jamba API has
 *       no field for it, so it is not sent. A message's {@code name} has no place either and is
 *       refused by {@link Ai21Support} (a tool message's is known from its {@code tool_call_id}).</li>
 *   <li>{@code tool_choice} is never sent: the Jamba API has none. Without tools, {@code auto}
 *       and {@code none} both mean a plain answer; with tools, anything but {@code auto} is
 *       refused by {@link Ai21Support}.</li>
 *   <li>{@code other} is merged into the body last, for AI21's own parameters ({@code documents}...).</li>
 * </ul>
 */
final class Ai21Requests {
    private Ai21Requests() {
    }

    static ObjectNode body(ProviderRequest request, boolean stream) {
        ModelConfigRequest config = request.config();
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", config.model());
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage message : request.messages()) {
            messages.add(message(message));
        }
        if (config.tools() != null && !config.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            config.tools().forEach(tool -> tools.add(FunctionFormat.tool(tool)));
        }
        if (config.maxTokens() != null && config.maxTokens() > 0) {
            body.put("max_tokens", config.maxTokens());
        }
        if (config.temperature() != null) {
            body.put("temperature", config.temperature());
        }
        if (config.topP() != null && config.topP() != 1.0) {
            body.put("top_p", config.topP());
        }
        if (config.stop() != null && !config.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            config.stop().forEach(stop::add);
        }
        if (request.responseFormat() != null) {
            body.putObject("response_format").put("type", request.responseFormat().type().wire());
        }
        if (stream) {
            body.put("stream", true);
        }
        for (Map.Entry<String, Object> extra : config.other().entrySet()) {
            body.set(extra.getKey(), Json.MAPPER.valueToTree(extra.getValue()));
        }
        return body;
    }

    private static ObjectNode message(ChatMessage message) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("role", message.role().wire());
        boolean callsTools = message.toolCalls() != null && !message.toolCalls().isEmpty();
        // An assistant message that only calls tools has no content; every other message needs one.
        if (message.content() != null || !callsTools) {
            node.put("content", message.text());
        }
        if (callsTools) {
            ArrayNode calls = node.putArray("tool_calls");
            message.toolCalls().forEach(call -> calls.add(FunctionFormat.toolCall(call)));
        }
        if (message.toolCallId() != null) {
            node.put("tool_call_id", message.toolCallId());
        }
        return node;
    }
}
