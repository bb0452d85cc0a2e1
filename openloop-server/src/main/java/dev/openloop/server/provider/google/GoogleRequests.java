package dev.openloop.server.provider.google;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the bodies of Gemini's {@code generateContent} and {@code streamGenerateContent} (the
 * same body for both: the method, not the body, asks for a stream).
 *
 * <p>How v4 maps onto it:
 * <ul>
 *   <li>Every {@code system} message, wherever it stands, becomes text parts of
 *       {@code systemInstruction}, in order: Gemini has no system role in {@code contents}.</li>
 *   <li>{@code user} messages are {@code user} contents, {@code assistant} ones {@code model}
 *       contents: their text, then a {@code functionCall} part (name, {@code args} object) per
 *       tool call. A {@code tool} message is a {@code functionResponse} part of a {@code user}
 *       content: the function's name (the message's {@code name}, else that of the earlier tool
 *       call its {@code tool_call_id} answers) and its content as {@code response}, the object
 *       itself when the content is a JSON object, else {@code {"output": <the content>}} (Gemini's
 *       name for a function's output). Tool call ids are not sent: Gemini pairs calls and
 *       responses by name and order, and the ids may be OpenLoop's own ({@link GoogleResponses}).
 *       Gemini 3's models refuse a function call in the history without the thought signature
 *       they gave it, which v4's tool calls cannot carry back; for them each call is sent with
 *       the signature Google documents for calls it did not just write
 *       ({@value #SKIP_SIGNATURE_CHECK}).</li>
 *   <li>Consecutive contents of one role are merged, so the answers to parallel calls share one
 *       turn, as Gemini expects.</li>
 *   <li>Images: see {@link GoogleImages}.</li>
 *   <li>Tools are {@code functionDeclarations} of one tool, their JSON Schema sent as
 *       {@code parametersJsonSchema} as it is (Gemini's {@code parameters} takes only an OpenAPI
 *       subset); a tool without parameters has none.</li>
 *   <li>{@code tool_choice} (sent only with tools) is {@code toolConfig.functionCallingConfig}:
 *       {@code auto} is Gemini's default and left out; {@code none} is {@code NONE};
 *       {@code required} is {@code ANY}; a named function is {@code ANY} with
 *       {@code allowedFunctionNames} of that one.</li>
 *   <li>{@code generationConfig}: {@code temperature} and {@code topP} always (v4's defaults of 1
 *       are not every Gemini model's); {@code maxOutputTokens} unless -1 (the model's own limit);
 *       {@code stopSequences}; {@code candidateCount} for several samples; the penalties when not
 *       0; {@code seed}; {@code responseMimeType: application/json} for JSON mode.</li>
 *   <li>The request's {@code user} is recorded on the log; Gemini has no field for it.</li>
 *   <li>{@code other} is merged into the body last, an object into the object of the same name
 *       (so {@code other.generationConfig.topK} joins the generation config), for Gemini's own
 *       parameters ({@code safetySettings}, {@code cachedContent}, {@code thinkingConfig}...).</li>
 * </ul>
 * What Gemini cannot honour at all is refused beforehand by {@link GoogleSupport}.
 */
final class GoogleRequests {
    /**
     * The thought signature Google documents for function calls it did not just write, such as
     * those of a history kept elsewhere: v4's tool calls have no place for the real one.
     */
    static final String SKIP_SIGNATURE_CHECK = "skip_thought_signature_validator";

    private GoogleRequests() {
    }

    static ObjectNode body(ProviderRequest request) {
        ModelConfigRequest config = request.config();
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode system = systemParts(request.messages());
        if (!system.isEmpty()) {
            body.putObject("systemInstruction").set("parts", system);
        }
        body.set("contents", contents(request.messages(), needsThoughtSignatures(config.model())));
        List<ToolDefinition> tools = config.tools() == null ? List.of() : config.tools();
        if (!tools.isEmpty()) {
            ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
            tools.forEach(tool -> declarations.add(declaration(tool)));
            ObjectNode toolConfig = toolConfig(request.toolChoice());
            if (toolConfig != null) {
                body.set("toolConfig", toolConfig);
            }
        }
        body.set("generationConfig", generationConfig(request));
        for (Map.Entry<String, Object> extra : config.other().entrySet()) {
            JsonNode value = Json.MAPPER.valueToTree(extra.getValue());
            if (value instanceof ObjectNode object && body.get(extra.getKey()) instanceof ObjectNode existing) {
                existing.setAll(object);
            } else {
                body.set(extra.getKey(), value);
            }
        }
        return body;
    }

    private static ObjectNode generationConfig(ProviderRequest request) {
        ModelConfigRequest config = request.config();
        ObjectNode generation = Json.MAPPER.createObjectNode();
        if (config.stop() != null && !config.stop().isEmpty()) {
            ArrayNode stop = generation.putArray("stopSequences");
            config.stop().forEach(stop::add);
        }
        if (request.samples() > 1) {
            generation.put("candidateCount", request.samples());
        }
        if (config.maxTokens() != null && config.maxTokens() > 0) {
            generation.put("maxOutputTokens", config.maxTokens());
        }
        if (config.temperature() != null) {
            generation.put("temperature", config.temperature());
        }
        if (config.topP() != null) {
            generation.put("topP", config.topP());
        }
        if (config.presencePenalty() != null && config.presencePenalty() != 0.0) {
            generation.put("presencePenalty", config.presencePenalty());
        }
        if (config.frequencyPenalty() != null && config.frequencyPenalty() != 0.0) {
            generation.put("frequencyPenalty", config.frequencyPenalty());
        }
        if (request.seed() != null) {
            generation.put("seed", request.seed());
        }
        if (request.responseFormat() != null) {
            generation.put("responseMimeType", "application/json");
        }
        return generation;
    }

    private static ObjectNode declaration(ToolDefinition tool) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("name", tool.name());
        if (tool.description() != null) {
            node.put("description", tool.description());
        }
        if (tool.parameters() != null) {
            node.set("parametersJsonSchema", Json.MAPPER.valueToTree(tool.parameters()));
        }
        return node;
    }

    private static ObjectNode toolConfig(ToolChoice choice) {
        ObjectNode calling = Json.MAPPER.createObjectNode();
        switch (choice) {
            case null -> {
                return null;
            }
            case ToolChoice.Function function -> {
                calling.put("mode", "ANY");
                calling.putArray("allowedFunctionNames").add(function.name());
            }
            case ToolChoice.Mode mode -> {
                switch (mode.value()) {
                    case "none" -> calling.put("mode", "NONE");
                    case "required" -> calling.put("mode", "ANY");
                    default -> {
                        return null;
                    }
                }
            }
        }
        ObjectNode toolConfig = Json.MAPPER.createObjectNode();
        toolConfig.set("functionCallingConfig", calling);
        return toolConfig;
    }

    /** The text parts of every system message, in order. */
    private static ArrayNode systemParts(List<ChatMessage> messages) {
        ArrayNode parts = Json.MAPPER.createArrayNode();
        for (ChatMessage message : messages) {
            if (message.role() != ChatRole.SYSTEM) {
                continue;
            }
            switch (message.content()) {
                case null -> {
                    // A system message without content says nothing.
                }
                case MessageContent.Text text -> parts.add(textPart(text.value()));
                case MessageContent.Parts content -> {
                    for (ContentPart part : content.parts()) {
                        if (part instanceof ContentPart.TextPart text) {
                            parts.add(textPart(text.text()));
                        }
                    }
                }
            }
        }
        return parts;
    }

    /** One Gemini content: a role and the parts of the v4 messages merged into it. */
    private record Turn(String role, List<ObjectNode> parts) {
    }

    /**
     * Whether {@code model} refuses function calls in the history without a thought signature:
     * Gemini 3's models do ({@code gemini-3-pro-preview}, {@code gemini-3.1-flash}...).
     */
    static boolean needsThoughtSignatures(String model) {
        return model != null && model.matches("gemini-3[.-].*");
    }

    private static ArrayNode contents(List<ChatMessage> messages, boolean signCalls) {
        Map<String, String> functionOfCall = new HashMap<>();
        List<Turn> turns = new ArrayList<>();
        for (ChatMessage message : messages) {
            if (message.role() == ChatRole.SYSTEM) {
                continue;
            }
            String role = message.role() == ChatRole.ASSISTANT ? "model" : "user";
            List<ObjectNode> parts = parts(message, functionOfCall, signCalls);
            if (!turns.isEmpty() && turns.getLast().role().equals(role)) {
                turns.getLast().parts().addAll(parts);
            } else {
                turns.add(new Turn(role, new ArrayList<>(parts)));
            }
        }
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (Turn turn : turns) {
            ObjectNode node = array.addObject();
            node.put("role", turn.role());
            // Gemini refuses a content without parts; an empty message is an empty text.
            node.putArray("parts").addAll(turn.parts().isEmpty() ? List.of(textPart("")) : turn.parts());
        }
        return array;
    }

    private static List<ObjectNode> parts(ChatMessage message, Map<String, String> functionOfCall, boolean signCalls) {
        List<ObjectNode> parts = new ArrayList<>();
        switch (message.role()) {
            case ASSISTANT -> {
                if (!message.text().isEmpty()) {
                    parts.add(textPart(message.text()));
                }
                if (message.toolCalls() != null) {
                    for (ToolCall call : message.toolCalls()) {
                        if (call.id() != null) {
                            functionOfCall.put(call.id(), call.function().name());
                        }
                        ObjectNode functionCall = Json.MAPPER.createObjectNode();
                        functionCall.put("name", call.function().name());
                        functionCall.set("args", arguments(call.function().arguments()));
                        ObjectNode part = Json.MAPPER.createObjectNode();
                        part.set("functionCall", functionCall);
                        if (signCalls) {
                            part.put("thoughtSignature", SKIP_SIGNATURE_CHECK);
                        }
                        parts.add(part);
                    }
                }
            }
            case TOOL -> {
                ObjectNode response = Json.MAPPER.createObjectNode();
                response.put("name", functionName(message, functionOfCall));
                response.set("response", toolResponse(message.text()));
                parts.add(Json.MAPPER.createObjectNode().set("functionResponse", response));
            }
            default -> {
                switch (message.content()) {
                    case null -> {
                        // No content: the turn gets an empty text if nothing else.
                    }
                    case MessageContent.Text text -> parts.add(textPart(text.value()));
                    case MessageContent.Parts content -> {
                        for (ContentPart part : content.parts()) {
                            switch (part) {
                                case ContentPart.TextPart text -> parts.add(textPart(text.text()));
                                case ContentPart.ImagePart image -> parts.add(GoogleImages.part(image));
                                case ContentPart.Unknown unknown ->
                                        throw new IllegalArgumentException("unknown content parts are refused by validation");
                            }
                        }
                    }
                }
            }
        }
        return parts;
    }

    /**
     * The function a tool message answers: its {@code name}, else that of the earlier call its
     * {@code tool_call_id} names; {@code null} when neither says (refused by {@link GoogleSupport}).
     */
    static String functionName(ChatMessage message, Map<String, String> functionOfCall) {
        if (message.name() != null && !message.name().isBlank()) {
            return message.name();
        }
        return message.toolCallId() == null ? null : functionOfCall.get(message.toolCallId());
    }

    /**
     * A tool call's JSON-text arguments as the {@code args} object; an absent or blank text is the
     * empty object. {@code null} when the text is not a JSON object.
     */
    static ObjectNode arguments(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            JsonNode args = Json.MAPPER.readTree(arguments);
            return args instanceof ObjectNode object ? object : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static ObjectNode toolResponse(String content) {
        try {
            if (Json.MAPPER.readTree(content) instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException notJson) {
            // Plain text: wrapped below.
        }
        ObjectNode wrapped = Json.MAPPER.createObjectNode();
        wrapped.put("output", content);
        return wrapped;
    }

    private static ObjectNode textPart(String text) {
        ObjectNode part = Json.MAPPER.createObjectNode();
        part.put("text", text);
        return part;
    }
}
