package dev.openloop.server.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ContentPart;
import dev.openloop.api.chat.MessageContent;
import dev.openloop.api.chat.ToolChoice;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ToolDefinition;
import dev.openloop.server.json.Json;
import dev.openloop.server.provider.FunctionFormat;
import dev.openloop.server.provider.ProviderRequest;
import java.util.List;
import java.util.Map;

/**
 * Builds the bodies of Cohere's v2 Chat API ({@code POST /v2/chat}).
 *
 * <p>How v4 maps onto it:
 * <ul>
 *   <li>{@code temperature} is always sent: Cohere's own default (0.3) is not v4's (1).</li>
 *   <li>{@code top_p} becomes {@code p}; v4's default 1 ("no cut") becomes 0.99, the largest
 *       {@code p} Cohere accepts, because leaving it out would mean Cohere's default 0.75.</li>
 *   <li>{@code max_tokens: -1} is left out: Cohere then allows the model's whole output limit.</li>
 *   <li>Penalties of 0 (v4's default, and Cohere's) are left out.</li>
 *   <li>{@code tool_choice}: {@code auto} is Cohere's default and left out; {@code none} and
 *       {@code required} become {@code NONE} and {@code REQUIRED}; a named function becomes
 *       {@code REQUIRED} with only that function offered, which forces exactly that call.</li>
 *   <li>An assistant message with tool calls carries its text as {@code tool_plan}, the field in
 *       which Cohere's models write the text that precedes tool calls (see {@link CohereResponses}).</li>
 *   <li>The request's {@code user} is the end user OpenLoop records on the log; Cohere's API has
 *       no field for it, so it is not sent. A message's {@code name} has no place either and is
 *       refused by {@link CohereSupport} (a tool message's is known from its {@code tool_call_id}).</li>
 *   <li>{@code tool_choice} without tools is not sent: with nothing to choose from, {@code auto}
 *       and {@code none} both mean a plain answer.</li>
 *   <li>{@code other} is merged into the body last, for Cohere's own parameters ({@code k},
 *       {@code safety_mode}, {@code documents}...).</li>
 * </ul>
 * What Cohere cannot honour at all is refused beforehand by {@link CohereSupport}.
 */
final class CohereRequests {
    /** The largest {@code p} Cohere accepts. */
    static final double MAX_P = 0.99;

    private CohereRequests() {
    }

    static ObjectNode body(ProviderRequest request, boolean stream) {
        ModelConfigRequest config = request.config();
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", config.model());
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage message : request.messages()) {
            messages.add(message(message));
        }
        List<ToolDefinition> tools = offeredTools(request);
        if (!tools.isEmpty()) {
            ArrayNode array = body.putArray("tools");
            tools.forEach(tool -> array.add(FunctionFormat.tool(tool)));
            String toolChoice = toolChoice(request.toolChoice());
            if (toolChoice != null) {
                body.put("tool_choice", toolChoice);
            }
        }
        if (config.maxTokens() != null && config.maxTokens() > 0) {
            body.put("max_tokens", config.maxTokens());
        }
        if (config.temperature() != null) {
            body.put("temperature", config.temperature());
        }
        if (config.topP() != null) {
            body.put("p", config.topP() >= 1.0 ? MAX_P : config.topP());
        }
        putIfNotZero(body, "frequency_penalty", config.frequencyPenalty());
        putIfNotZero(body, "presence_penalty", config.presencePenalty());
        if (config.stop() != null && !config.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop_sequences");
            config.stop().forEach(stop::add);
        }
        if (request.seed() != null) {
            body.put("seed", request.seed());
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

    /** The tools the model is offered: all of them, or only the one a named tool choice forces. */
    static List<ToolDefinition> offeredTools(ProviderRequest request) {
        List<ToolDefinition> tools = request.config().tools() == null ? List.of() : request.config().tools();
        if (request.toolChoice() instanceof ToolChoice.Function function) {
            return tools.stream().filter(tool -> function.name().equals(tool.name())).toList();
        }
        return tools;
    }

    private static String toolChoice(ToolChoice choice) {
        return switch (choice) {
            case null -> null;
            case ToolChoice.Function function -> "REQUIRED";
            case ToolChoice.Mode mode -> switch (mode.value()) {
                case "none" -> "NONE";
                case "required" -> "REQUIRED";
                default -> null;
            };
        };
    }

    private static void putIfNotZero(ObjectNode body, String name, Double value) {
        if (value != null && value != 0.0) {
            body.put(name, value);
        }
    }

    private static ObjectNode message(ChatMessage message) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("role", message.role().wire());
        switch (message.role()) {
            case ASSISTANT -> {
                if (message.toolCalls() != null && !message.toolCalls().isEmpty()) {
                    if (!message.text().isEmpty()) {
                        node.put("tool_plan", message.text());
                    }
                    ArrayNode calls = node.putArray("tool_calls");
                    message.toolCalls().forEach(call -> calls.add(FunctionFormat.toolCall(call)));
                } else if (message.content() != null) {
                    node.set("content", content(message.content()));
                }
            }
            case TOOL -> {
                node.put("tool_call_id", message.toolCallId());
                node.set("content", content(message.content()));
            }
            default -> node.set("content", content(message.content()));
        }
        return node;
    }

    /** A string stays a string; parts become Cohere's content blocks. A missing content is "". */
    private static JsonNode content(MessageContent content) {
        return switch (content) {
            case null -> Json.MAPPER.getNodeFactory().textNode("");
            case MessageContent.Text text -> Json.MAPPER.getNodeFactory().textNode(text.value());
            case MessageContent.Parts parts -> {
                ArrayNode blocks = Json.MAPPER.createArrayNode();
                for (ContentPart part : parts.parts()) {
                    blocks.add(FunctionFormat.contentPart(part));
                }
                yield blocks;
            }
        };
    }
}
