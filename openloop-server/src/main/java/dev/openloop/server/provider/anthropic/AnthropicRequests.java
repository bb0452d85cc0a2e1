package dev.openloop.server.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRole;
import dev.openloop.api.chat.ContentPart;
import dev.openloop.api.chat.MessageContent;
import dev.openloop.api.chat.ToolCall;
import dev.openloop.api.chat.ToolChoice;
import dev.openloop.api.config.ModelConfigRequest;
import dev.openloop.api.config.ToolDefinition;
import dev.openloop.server.json.Json;
import dev.openloop.server.provider.ProviderRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the bodies of Anthropic's Messages API ({@code POST /v1/messages}).
 *
 * <p>How v4 maps onto it:
 * <ul>
 *   <li>Every {@code system} message, wherever it stands, goes into the top-level {@code system}
 *       in order: a string for one, text blocks for several. The Messages API has no system role.</li>
 *   <li>{@code tool} messages become {@code tool_result} blocks of a {@code user} turn; an
 *       assistant's {@code tool_calls} become {@code tool_use} blocks after its text, their
 *       JSON-text arguments parsed into the {@code input} object.</li>
 *   <li>Consecutive messages of one Anthropic role are merged into one turn, each keeping its own
 *       blocks (no separator is invented), so the answers to parallel tool calls share a turn as
 *       Anthropic requires. A turn of a single text is sent as a plain string.</li>
 *   <li>Images: see {@link AnthropicImages}.</li>
 *   <li>{@code max_tokens} is always sent: the config's, or for {@code -1} the model's largest
 *       output ({@link AnthropicOutputLimits}).</li>
 *   <li>{@code temperature} and {@code top_p} of 1 (v4's defaults, and Anthropic's) are left out:
 *       several Claude models refuse a request that sets both, or any temperature at all.</li>
 *   <li>{@code stop} becomes {@code stop_sequences}, the request's {@code user}
 *       {@code metadata.user_id}.</li>
 *   <li>{@code tool_choice} (sent only with tools): {@code auto} is Anthropic's default and left
 *       out; {@code none} stays {@code none}; {@code required} becomes {@code any}; a named
 *       function becomes {@code {"type":"tool","name":...}}.</li>
 *   <li>A message's {@code name} has no place in the Messages API and is refused by
 *       {@link AnthropicSupport} (a tool message's is known from its {@code tool_call_id}).</li>
 *   <li>{@code tool_choice} without tools is not sent: with nothing to choose from, {@code auto}
 *       and {@code none} both mean a plain answer.</li>
 *   <li>{@code other} is merged into the body last, for Anthropic's own parameters
 *       ({@code top_k}, {@code thinking}, {@code output_config}...), and may override any of the above.</li>
 * </ul>
 * What Anthropic cannot honour at all is refused beforehand by {@link AnthropicSupport}.
 */
final class AnthropicRequests {
    private AnthropicRequests() {
    }

    static ObjectNode body(ProviderRequest request, boolean stream) {
        ModelConfigRequest config = request.config();
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", config.model());
        body.put("max_tokens", config.maxTokens() != null && config.maxTokens() > 0
                ? config.maxTokens()
                : AnthropicOutputLimits.maxOutputTokens(config.model()));
        JsonNode system = system(request.messages());
        if (system != null) {
            body.set("system", system);
        }
        body.set("messages", turns(request.messages()));
        List<ToolDefinition> tools = config.tools() == null ? List.of() : config.tools();
        if (!tools.isEmpty()) {
            ArrayNode array = body.putArray("tools");
            tools.forEach(tool -> array.add(tool(tool)));
            ObjectNode toolChoice = toolChoice(request.toolChoice());
            if (toolChoice != null) {
                body.set("tool_choice", toolChoice);
            }
        }
        if (config.temperature() != null && config.temperature() != 1.0) {
            body.put("temperature", config.temperature());
        }
        if (config.topP() != null && config.topP() != 1.0) {
            body.put("top_p", config.topP());
        }
        if (config.stop() != null && !config.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop_sequences");
            config.stop().forEach(stop::add);
        }
        if (request.user() != null) {
            body.putObject("metadata").put("user_id", request.user());
        }
        if (stream) {
            body.put("stream", true);
        }
        for (Map.Entry<String, Object> extra : config.other().entrySet()) {
            body.set(extra.getKey(), Json.MAPPER.valueToTree(extra.getValue()));
        }
        return body;
    }

    /**
     * The {@code input} object of a tool call's JSON-text arguments; an absent or blank text is
     * the empty object. {@code null} when the text is not a JSON object.
     */
    static ObjectNode toolInput(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            JsonNode input = Json.MAPPER.readTree(arguments);
            return input instanceof ObjectNode object ? object : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The system prompt, or {@code null} when the prompt has no system message. */
    private static JsonNode system(List<ChatMessage> messages) {
        List<ObjectNode> blocks = new ArrayList<>();
        for (ChatMessage message : messages) {
            if (message.role() != ChatRole.SYSTEM) {
                continue;
            }
            switch (message.content()) {
                case null -> {
                    // A system message without content says nothing.
                }
                case MessageContent.Text text -> blocks.add(textBlock(text.value()));
                case MessageContent.Parts parts -> {
                    for (ContentPart part : parts.parts()) {
                        if (part instanceof ContentPart.TextPart text) {
                            blocks.add(textBlock(text.text()));
                        }
                    }
                }
            }
        }
        if (blocks.isEmpty()) {
            return null;
        }
        return blocks.size() == 1 ? blocks.getFirst().get("text") : Json.MAPPER.createArrayNode().addAll(blocks);
    }

    /** One Anthropic message: a role and the blocks of the v4 messages merged into it. */
    private record Turn(String role, List<ObjectNode> blocks) {
    }

    private static ArrayNode turns(List<ChatMessage> messages) {
        List<Turn> turns = new ArrayList<>();
        for (ChatMessage message : messages) {
            if (message.role() == ChatRole.SYSTEM) {
                continue;
            }
            String role = message.role() == ChatRole.ASSISTANT ? "assistant" : "user";
            List<ObjectNode> blocks = blocks(message);
            if (!turns.isEmpty() && turns.getLast().role().equals(role)) {
                turns.getLast().blocks().addAll(blocks);
            } else {
                turns.add(new Turn(role, new ArrayList<>(blocks)));
            }
        }
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (Turn turn : turns) {
            ObjectNode node = array.addObject();
            node.put("role", turn.role());
            List<ObjectNode> blocks = turn.blocks();
            if (blocks.isEmpty()) {
                node.put("content", "");
            } else if (blocks.size() == 1 && blocks.getFirst().path("type").asText().equals("text")) {
                node.set("content", blocks.getFirst().get("text"));
            } else {
                node.putArray("content").addAll(blocks);
            }
        }
        return array;
    }

    private static List<ObjectNode> blocks(ChatMessage message) {
        List<ObjectNode> blocks = new ArrayList<>();
        switch (message.role()) {
            case ASSISTANT -> {
                // An assistant's empty text (e.g. before tool calls) is no block: Anthropic refuses empty text blocks.
                contentBlocks(message.content(), blocks);
                blocks.removeIf(block -> block.path("type").asText().equals("text") && block.path("text").asText().isEmpty());
                if (message.toolCalls() != null) {
                    message.toolCalls().forEach(call -> blocks.add(toolUse(call)));
                }
            }
            case TOOL -> {
                ObjectNode result = Json.MAPPER.createObjectNode();
                result.put("type", "tool_result");
                result.put("tool_use_id", message.toolCallId());
                switch (message.content()) {
                    case null -> {
                        // A result without content: Anthropic takes the block alone.
                    }
                    case MessageContent.Text text -> result.put("content", text.value());
                    case MessageContent.Parts parts -> {
                        List<ObjectNode> content = new ArrayList<>();
                        contentBlocks(parts, content);
                        result.putArray("content").addAll(content);
                    }
                }
                blocks.add(result);
            }
            default -> {
                if (message.content() == null) {
                    blocks.add(textBlock(""));
                } else {
                    contentBlocks(message.content(), blocks);
                }
            }
        }
        return blocks;
    }

    private static void contentBlocks(MessageContent content, List<ObjectNode> blocks) {
        switch (content) {
            case null -> {
            }
            case MessageContent.Text text -> blocks.add(textBlock(text.value()));
            case MessageContent.Parts parts -> {
                for (ContentPart part : parts.parts()) {
                    switch (part) {
                        case ContentPart.TextPart text -> blocks.add(textBlock(text.text()));
                        case ContentPart.ImagePart image -> blocks.add(AnthropicImages.block(image));
                        case ContentPart.Unknown unknown ->
                                throw new IllegalArgumentException("unknown content parts are refused by validation");
                    }
                }
            }
        }
    }

    private static ObjectNode textBlock(String text) {
        ObjectNode block = Json.MAPPER.createObjectNode();
        block.put("type", "text");
        block.put("text", text);
        return block;
    }

    private static ObjectNode toolUse(ToolCall call) {
        ObjectNode block = Json.MAPPER.createObjectNode();
        block.put("type", "tool_use");
        block.put("id", call.id());
        block.put("name", call.function().name());
        ObjectNode input = toolInput(call.function().arguments());
        if (input == null) {
            throw new IllegalArgumentException("arguments that are no JSON object are refused by AnthropicSupport");
        }
        block.set("input", input);
        return block;
    }

    private static ObjectNode tool(ToolDefinition tool) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("name", tool.name());
        if (tool.description() != null) {
            node.put("description", tool.description());
        }
        // Anthropic requires a schema; a tool without arguments gets the empty one.
        node.set("input_schema", tool.parameters() == null
                ? Json.MAPPER.createObjectNode().put("type", "object").set("properties", Json.MAPPER.createObjectNode())
                : Json.MAPPER.valueToTree(tool.parameters()));
        return node;
    }

    private static ObjectNode toolChoice(ToolChoice choice) {
        return switch (choice) {
            case null -> null;
            case ToolChoice.Function function -> Json.MAPPER.createObjectNode().put("type", "tool").put("name", function.name());
            case ToolChoice.Mode mode -> switch (mode.value()) {
                case "none" -> Json.MAPPER.createObjectNode().put("type", "none");
                case "required" -> Json.MAPPER.createObjectNode().put("type", "any");
                default -> null;
            };
        };
    }
}
