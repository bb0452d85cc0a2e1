package dev.openloop.server.door.v1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.openloop.api.chat.ChatMessage;
import dev.openloop.api.chat.ChatRole;
import dev.openloop.api.chat.ContentPart;
import dev.openloop.api.chat.FunctionTool;
import dev.openloop.api.chat.MessageContent;
import dev.openloop.api.chat.ToolCall;
import dev.openloop.api.chat.ToolChoice;
import dev.openloop.api.config.Fallback;
import dev.openloop.api.config.ToolDefinition;
import dev.openloop.server.web.InputLimits;
import dev.openloop.server.http.RequestBodies;
import dev.openloop.server.json.Json;
import dev.openloop.server.modelconfig.FallbackChecks;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds a {@code POST /v1/chat/completions} body into a {@link CompletionRequest}, refusing what
 * OpenLoop cannot honour with a 400 that names the {@code param}.
 *
 * <p>As OpenAI's API does, a field it does not know is refused ("Unrecognized request argument
 * supplied"), and so is a field OpenLoop knows but cannot honour when it asks for more than the
 * default (e.g. {@code logprobs: true}): an answer that quietly lacks what was asked for would be
 * worse than a clear refusal. The JSON itself is read with the node's limits (nesting, tokens,
 * text no store can keep), as every door's bodies are.
 */
final class CompletionBinding {
    /** The fields honoured, read below. */
    private static final Set<String> HONOURED = Set.of("model", "messages", "tools", "tool_choice", "parallel_tool_calls",
            "response_format", "n", "seed", "stop", "temperature", "top_p", "max_tokens", "max_completion_tokens",
            "presence_penalty", "frequency_penalty", "user", "metadata", "stream", "stream_options", "fallbacks");
    /**
     * Fields OpenLoop takes with their default value only: what asks for nothing is no reason to
     * refuse a call, so a client that sends its defaults works.
     */
    private static final Map<String, Set<String>> DEFAULT_ONLY = Map.of(
            "logprobs", Set.of("false"),
            "top_logprobs", Set.of("0"),
            "logit_bias", Set.of("{}"),
            "modalities", Set.of("[\"text\"]"),
            "service_tier", Set.of("\"auto\"", "\"default\""),
            "store", Set.of("false"));
    /** Keys OpenLoop keeps no value of, whatever they hold: they do not change the answer. */
    private static final Set<String> IGNORED = Set.of("prompt_cache_key", "safety_identifier");
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

    private CompletionBinding() {
    }

    /** Reads {@code body} under the node's {@code limits}. */
    static CompletionRequest bind(byte[] body, InputLimits limits) {
        JsonNode root = RequestBodies.read(body, JsonNode.class, RequestBodies.Extras.IGNORE, (value, problems) -> { }, limits);
        if (!root.isObject()) {
            throw V1Exception.invalid(null, "The request body must be a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonNode value = root.get(name);
            if (HONOURED.contains(name) || IGNORED.contains(name) || value.isNull()) {
                continue;
            }
            Set<String> defaults = DEFAULT_ONLY.get(name);
            if (defaults == null) {
                throw V1Exception.invalid(name, "Unrecognized request argument supplied: " + name, "unknown_parameter");
            }
            if (!defaults.contains(Json.text(value))) {
                throw V1Exception.invalid(name, "OpenLoop does not support '" + name + "' other than as "
                        + String.join(" or ", defaults) + "; leave it out", "unsupported_parameter");
            }
        }
        Map<String, JsonNode> streamOptions = object(root.get("stream_options"), "stream_options");
        boolean stream = bool(root.get("stream"), "stream", false);
        JsonNode includeUsage = streamOptions.get("include_usage");
        if (!stream && !streamOptions.isEmpty()) {
            throw V1Exception.invalid("stream_options", "stream_options is only allowed when stream is true");
        }
        return new CompletionRequest(
                model(root.get("model")),
                messages(root.get("messages")),
                tools(root.get("tools")),
                toolChoice(root.get("tool_choice")),
                nullableBool(root.get("parallel_tool_calls"), "parallel_tool_calls"),
                responseFormat(root.get("response_format")),
                integer(root.get("n"), "n"),
                seed(root.get("seed")),
                stop(root.get("stop")),
                number(root.get("temperature"), "temperature"),
                number(root.get("top_p"), "top_p"),
                maxTokens(root),
                number(root.get("presence_penalty"), "presence_penalty"),
                number(root.get("frequency_penalty"), "frequency_penalty"),
                absent(root.get("user")) ? null : text(root.get("user"), "user"),
                metadata(root.get("metadata")),
                stream,
                includeUsage != null && bool(includeUsage, "stream_options.include_usage", false),
                fallbacks(root.get("fallbacks")));
    }

    /**
     * OpenLoop's {@code fallbacks}: what answers, in order, when the model's provider fails in a
     * way another may get around; each a provider's model ({@code <provider>/<model>}) or a
     * registered config ({@code config_…}), as {@code model} names them.
     */
    private static List<Fallback> fallbacks(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        if (!node.isArray()) {
            throw V1Exception.invalid("fallbacks", "fallbacks must be an array of models, e.g. [\"anthropic/claude-3-5-haiku-latest\"]");
        }
        if (node.size() > FallbackChecks.MAX) {
            throw V1Exception.invalid("fallbacks", "fallbacks may name at most " + FallbackChecks.MAX + " models");
        }
        List<Fallback> fallbacks = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw V1Exception.invalid("fallbacks", "each fallback is a model's name, e.g. \"anthropic/claude-3-5-haiku-latest\"");
            }
            String name = item.asText();
            ModelAddress address;
            try {
                address = ModelAddress.parse(name);
            } catch (V1Exception e) {
                address = null;
            }
            switch (address) {
                case ModelAddress.Inline inline -> fallbacks.add(Fallback.toModel(inline.provider(), inline.model()));
                case ModelAddress.Registered registered -> fallbacks.add(Fallback.toConfig(registered.configId()));
                case null, default -> throw V1Exception.invalid("fallbacks", "the fallback '" + name + "' is neither a"
                        + " provider's model (<provider>/<model>) nor a registered config (config_…)");
            }
        }
        return fallbacks;
    }

    private static String model(JsonNode node) {
        if (absent(node)) {
            throw V1Exception.invalid("model", "you must provide a model parameter");
        }
        String model = text(node, "model");
        if (model.isBlank()) {
            throw V1Exception.invalid("model", "model must not be empty");
        }
        return model;
    }

    private static List<ChatMessage> messages(JsonNode node) {
        if (absent(node)) {
            throw V1Exception.invalid("messages", "Missing required parameter: 'messages'");
        }
        if (!node.isArray()) {
            throw wrongType("messages", "an array", node);
        }
        if (node.isEmpty()) {
            throw V1Exception.invalid("messages", "'messages' must hold at least one message");
        }
        List<ChatMessage> messages = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            messages.add(message(node.get(i), "messages[" + i + "]"));
        }
        return messages;
    }

    private static ChatMessage message(JsonNode node, String param) {
        Map<String, JsonNode> fields = object(node, param);
        JsonNode roleNode = fields.get("role");
        if (absent(roleNode)) {
            throw V1Exception.invalid(param + ".role", "Missing required parameter: '" + param + ".role'");
        }
        String role = text(roleNode, param + ".role");
        if (role.equals("function")) {
            throw V1Exception.invalid(param + ".role", "the 'function' role is not supported: answer a tool call with"
                    + " a 'tool' message and its tool_call_id", "unsupported_value");
        }
        if (!ROLES.contains(role)) {
            throw V1Exception.invalid(param + ".role", "Invalid value: '" + role + "'. Supported values are: 'system',"
                    + " 'developer', 'user', 'assistant' and 'tool'.", "invalid_value");
        }
        // A developer message is what newer models call the system message.
        ChatRole chatRole = switch (role) {
            case "user" -> ChatRole.USER;
            case "assistant" -> ChatRole.ASSISTANT;
            case "tool" -> ChatRole.TOOL;
            default -> ChatRole.SYSTEM;
        };
        MessageContent content = content(fields.get("content"), param + ".content", chatRole);
        List<ToolCall> toolCalls = chatRole == ChatRole.ASSISTANT ? toolCalls(fields.get("tool_calls"), param + ".tool_calls") : null;
        String toolCallId = null;
        if (chatRole == ChatRole.TOOL) {
            if (absent(fields.get("tool_call_id"))) {
                throw V1Exception.invalid(param + ".tool_call_id", "Missing required parameter: '" + param + ".tool_call_id'");
            }
            toolCallId = text(fields.get("tool_call_id"), param + ".tool_call_id");
        }
        if (content == null && (toolCalls == null || toolCalls.isEmpty())) {
            throw V1Exception.invalid(param + ".content", "Missing required parameter: '" + param + ".content'");
        }
        String name = absent(fields.get("name")) ? null : text(fields.get("name"), param + ".name");
        return new ChatMessage(chatRole, content, name, toolCallId, toolCalls, null);
    }

    private static MessageContent content(JsonNode node, String param, ChatRole role) {
        if (absent(node)) {
            return null;
        }
        if (node.isTextual()) {
            return new MessageContent.Text(node.asText());
        }
        if (!node.isArray()) {
            throw wrongType(param, "a string or an array of content parts", node);
        }
        if (node.size() > InputLimits.MAX_CONTENT_PARTS) {
            throw V1Exception.invalid(param, "at most " + InputLimits.MAX_CONTENT_PARTS + " content parts are accepted");
        }
        List<ContentPart> parts = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String at = param + "[" + i + "]";
            Map<String, JsonNode> part = object(node.get(i), at);
            String type = absent(part.get("type")) ? null : text(part.get("type"), at + ".type");
            if ("text".equals(type)) {
                parts.add(new ContentPart.TextPart(text(required(part, "text", at), at + ".text")));
            } else if ("image_url".equals(type) && role == ChatRole.USER) {
                Map<String, JsonNode> image = object(required(part, "image_url", at), at + ".image_url");
                String url = text(required(image, "url", at + ".image_url"), at + ".image_url.url");
                ContentPart.ImageDetail detail = absent(image.get("detail")) ? null
                        : imageDetail(text(image.get("detail"), at + ".image_url.detail"), at + ".image_url.detail");
                parts.add(new ContentPart.ImagePart(new ContentPart.ImageUrl(url, detail)));
            } else {
                throw V1Exception.invalid(at + ".type", "OpenLoop takes 'text' parts"
                        + (role == ChatRole.USER ? " and 'image_url' parts" : "") + " in a " + role.wire()
                        + " message, not " + (type == null ? "a part without a type" : "'" + type + "'"), "unsupported_value");
            }
        }
        return new MessageContent.Parts(parts);
    }

    private static ContentPart.ImageDetail imageDetail(String detail, String param) {
        for (ContentPart.ImageDetail value : ContentPart.ImageDetail.values()) {
            if (value.wire().equals(detail)) {
                return value;
            }
        }
        throw V1Exception.invalid(param, "Invalid value: '" + detail + "'. Supported values are: 'auto', 'low' and 'high'.",
                "invalid_value");
    }

    private static List<ToolCall> toolCalls(JsonNode node, String param) {
        if (absent(node)) {
            return null;
        }
        if (!node.isArray()) {
            throw wrongType(param, "an array", node);
        }
        List<ToolCall> calls = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String at = param + "[" + i + "]";
            Map<String, JsonNode> call = object(node.get(i), at);
            String type = absent(call.get("type")) ? "function" : text(call.get("type"), at + ".type");
            if (!type.equals("function")) {
                throw V1Exception.invalid(at + ".type", "OpenLoop takes 'function' tool calls, not '" + type + "'",
                        "unsupported_value");
            }
            Map<String, JsonNode> function = object(required(call, "function", at), at + ".function");
            calls.add(new ToolCall(text(required(call, "id", at), at + ".id"), "function", new FunctionTool(
                    text(required(function, "name", at + ".function"), at + ".function.name"),
                    text(required(function, "arguments", at + ".function"), at + ".function.arguments"))));
        }
        return calls;
    }

    private static List<ToolDefinition> tools(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        if (!node.isArray()) {
            throw wrongType("tools", "an array", node);
        }
        List<ToolDefinition> tools = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String at = "tools[" + i + "]";
            Map<String, JsonNode> tool = object(node.get(i), at);
            String type = text(required(tool, "type", at), at + ".type");
            if (!type.equals("function")) {
                throw V1Exception.invalid(at + ".type", "OpenLoop takes 'function' tools, not '" + type + "'", "unsupported_value");
            }
            Map<String, JsonNode> function = object(required(tool, "function", at), at + ".function");
            String name = text(required(function, "name", at + ".function"), at + ".function.name");
            String description = absent(function.get("description")) ? null
                    : text(function.get("description"), at + ".function.description");
            Map<String, Object> parameters = null;
            if (!absent(function.get("parameters"))) {
                object(function.get("parameters"), at + ".function.parameters");
                parameters = Json.MAPPER.convertValue(function.get("parameters"), MAP);
            }
            if (!absent(function.get("strict")) && bool(function.get("strict"), at + ".function.strict", false)) {
                throw V1Exception.invalid(at + ".function.strict", "OpenLoop does not enforce 'strict' tool schemas;"
                        + " leave it out or false", "unsupported_parameter");
            }
            tools.add(ToolDefinition.function(name, description, parameters));
        }
        return tools;
    }

    private static ToolChoice toolChoice(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        if (node.isTextual()) {
            String mode = node.asText();
            if (!ToolChoice.MODES.contains(mode)) {
                throw V1Exception.invalid("tool_choice", "Invalid value: '" + mode + "'. Supported values are: 'none',"
                        + " 'auto' and 'required', or an object naming a function.", "invalid_value");
            }
            return ToolChoice.of(mode);
        }
        Map<String, JsonNode> choice = object(node, "tool_choice");
        String type = text(required(choice, "type", "tool_choice"), "tool_choice.type");
        if (!type.equals("function")) {
            throw V1Exception.invalid("tool_choice.type", "OpenLoop takes a tool_choice of type 'function', not '" + type + "'",
                    "unsupported_value");
        }
        Map<String, JsonNode> function = object(required(choice, "function", "tool_choice"), "tool_choice.function");
        return ToolChoice.function(text(required(function, "name", "tool_choice.function"), "tool_choice.function.name"));
    }

    private static CompletionRequest.Format responseFormat(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        Map<String, JsonNode> format = object(node, "response_format");
        String type = text(required(format, "type", "response_format"), "response_format.type");
        return switch (type) {
            case "text" -> null;
            case "json_object" -> new CompletionRequest.Format.JsonObject();
            case "json_schema" -> {
                Map<String, JsonNode> schema = object(required(format, "json_schema", "response_format"),
                        "response_format.json_schema");
                text(required(schema, "name", "response_format.json_schema"), "response_format.json_schema.name");
                if (!absent(schema.get("schema"))) {
                    object(schema.get("schema"), "response_format.json_schema.schema");
                }
                yield new CompletionRequest.Format.JsonSchema(node);
            }
            default -> throw V1Exception.invalid("response_format.type", "Invalid value: '" + type
                    + "'. Supported values are: 'text', 'json_object' and 'json_schema'.", "invalid_value");
        };
    }

    private static List<String> stop(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        if (!node.isArray()) {
            throw wrongType("stop", "a string or an array of strings", node);
        }
        if (node.size() > 4) {
            throw V1Exception.invalid("stop", "at most 4 stop sequences are accepted");
        }
        List<String> stop = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            stop.add(text(node.get(i), "stop[" + i + "]"));
        }
        return stop;
    }

    private static Integer maxTokens(JsonNode root) {
        Integer maxTokens = integer(root.get("max_tokens"), "max_tokens");
        Integer maxCompletionTokens = integer(root.get("max_completion_tokens"), "max_completion_tokens");
        if (maxTokens != null && maxCompletionTokens != null && !maxTokens.equals(maxCompletionTokens)) {
            throw V1Exception.invalid("max_tokens", "give max_completion_tokens or the older max_tokens, not both");
        }
        Integer max = maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
        if (max != null && max < 1) {
            throw V1Exception.invalid(maxCompletionTokens != null ? "max_completion_tokens" : "max_tokens",
                    "Invalid value: " + max + ". It must be at least 1.", "integer_below_min_value");
        }
        return max;
    }

    private static Long seed(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw wrongType("seed", "an integer", node);
        }
        return node.asLong();
    }

    private static Map<String, Object> metadata(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        Map<String, JsonNode> fields = object(node, "metadata");
        Map<String, Object> metadata = new LinkedHashMap<>();
        fields.forEach((key, value) -> metadata.put(key, text(value, "metadata." + key)));
        return metadata;
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP = new com.fasterxml.jackson.core.type.TypeReference<>() {
    };

    private static JsonNode required(Map<String, JsonNode> fields, String name, String param) {
        JsonNode value = fields.get(name);
        if (absent(value)) {
            throw V1Exception.invalid(param + "." + name, "Missing required parameter: '" + param + "." + name + "'");
        }
        return value;
    }

    private static Map<String, JsonNode> object(JsonNode node, String param) {
        if (absent(node)) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw wrongType(param, "an object", node);
        }
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue()));
        return fields;
    }

    private static String text(JsonNode node, String param) {
        if (node == null || !node.isTextual()) {
            throw wrongType(param, "a string", node);
        }
        return node.asText();
    }

    private static boolean bool(JsonNode node, String param, boolean fallback) {
        if (absent(node)) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw wrongType(param, "a boolean", node);
        }
        return node.asBoolean();
    }

    private static Boolean nullableBool(JsonNode node, String param) {
        return absent(node) ? null : bool(node, param, false);
    }

    private static Integer integer(JsonNode node, String param) {
        if (absent(node)) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw wrongType(param, "an integer", node);
        }
        return node.asInt();
    }

    private static Double number(JsonNode node, String param) {
        if (absent(node)) {
            return null;
        }
        if (!node.isNumber()) {
            throw wrongType(param, "a number", node);
        }
        return node.asDouble();
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static V1Exception wrongType(String param, String expected, JsonNode got) {
        return V1Exception.invalid(param, "Invalid type for '" + param + "': expected " + expected + ", but got "
                + describe(got) + " instead.", "invalid_type");
    }

    private static String describe(JsonNode node) {
        if (node == null || node.getNodeType() == JsonNodeType.NULL) {
            return "null";
        }
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> node.isIntegralNumber() ? "an integer" : "a decimal";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> "a value of another type";
        };
    }
}
