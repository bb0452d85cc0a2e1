package dev.openloop.server.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openloop.api.chat.ContentPart;
import dev.openloop.api.chat.ToolCall;
import dev.openloop.api.config.ToolDefinition;
import dev.openloop.server.json.Json;

/**
 * The JSON shapes of tools, tool calls and content parts that OpenAI's Chat Completions made
 * common: OpenAI, Azure OpenAI, Cohere's v2 Chat and AI21's Jamba API all take them as they are.
 */
public final class FunctionFormat {
    private FunctionFormat() {
    }

    /**
     * {@code {"type":"function","function":{name, description, parameters}}}. A tool without
     * parameters gets an empty object schema: several of these APIs require one.
     */
    public static ObjectNode tool(ToolDefinition tool) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("type", "function");
        ObjectNode function = node.putObject("function");
        function.put("name", tool.name());
        if (tool.description() != null) {
            function.put("description", tool.description());
        }
        function.set("parameters", tool.parameters() == null
                ? Json.MAPPER.createObjectNode().put("type", "object").set("properties", Json.MAPPER.createObjectNode())
                : Json.MAPPER.valueToTree(tool.parameters()));
        return node;
    }

    /** {@code {"id","type":"function","function":{name, arguments}}}; missing arguments are {@code "{}"}. */
    public static ObjectNode toolCall(ToolCall call) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", call.id());
        node.put("type", "function");
        ObjectNode function = node.putObject("function");
        function.put("name", call.function().name());
        function.put("arguments", call.function().arguments() == null ? "{}" : call.function().arguments());
        return node;
    }

    /** {@code {"type":"text","text"}} or {@code {"type":"image_url","image_url":{url, detail}}}. */
    public static ObjectNode contentPart(ContentPart part) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        switch (part) {
            case ContentPart.TextPart text -> {
                node.put("type", "text");
                node.put("text", text.text());
            }
            case ContentPart.ImagePart image -> {
                node.put("type", "image_url");
                ObjectNode url = node.putObject("image_url");
                url.put("url", image.imageUrl().url());
                if (image.imageUrl().detail() != null) {
                    url.put("detail", image.imageUrl().detail().wire());
                }
            }
            case ContentPart.Unknown unknown -> throw new IllegalArgumentException("unknown content parts are refused by validation");
        }
        return node;
    }
}
